package com.endcap.bidder.campaign;

/** Where an ad is shown. */
public enum Channel
{
    /** Retailer's web site. */
    WEB("web"),
    /** Retailer's app. */
    APP("app"),
    /** Screens in a store. */
    INSTORE_SCREEN("instore_screen"),
    /** Emails. */
    EMAIL("email"),
    /** Partner publishers. */
    OFFSITE("offsite");

    private static final Channel[] VALUES = values();
    private final String wireName;

    Channel(final String wireName)
    {
        this.wireName = wireName;
    }

    /**
     * @return the name in the API.
     */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param name the name in the API.
     * @return the channel, or null when unknown.
     */
    public static Channel fromWireName(final CharSequence name)
    {
        for (final Channel channel : VALUES)
        {
            if (channel.wireName.contentEquals(name))
            {
                return channel;
            }
        }
        return null;
    }
}
