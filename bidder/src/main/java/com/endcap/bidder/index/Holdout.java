package com.endcap.bidder.index;

/**
 * The deterministic holdout assignment: a shopper is in a campaign's control group when
 * {@link #position(String, long)} of (user key, campaign) falls below the ad's holdout share.
 * <p>
 * The hash is FNV-1a over the UTF-16 code units of the user key, seeded with the campaign's salt
 * ({@link #salt}: FNV-1a of the campaign id), finished with the SplitMix64 mixer; the top 53 bits
 * scaled to {@code [0, 1)} give the position. Measurement can recompute every assignment from the
 * ids alone, on any machine, for any past decision. Allocation-free.
 */
public final class Holdout
{
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Holdout()
    {
    }

    /**
     * @param campaignId the campaign.
     * @return its salt.
     */
    public static long salt(final CharSequence campaignId)
    {
        return fnv1a(FNV_OFFSET, campaignId);
    }

    /**
     * @param userKey the shopper's key.
     * @param salt    the campaign's {@link #salt}.
     * @return the shopper's position in {@code [0, 1)} for that campaign.
     */
    public static double position(final String userKey, final long salt)
    {
        final long h = mix(fnv1a(salt, userKey));
        return (h >>> 11) * 0x1.0p-53;
    }

    /**
     * @param userKey the shopper's key; null is never held out.
     * @param salt    the campaign's {@link #salt}.
     * @param share   the holdout share, 0..1.
     * @return true when the shopper is in the control group.
     */
    public static boolean isHeldOut(final String userKey, final long salt, final double share)
    {
        return null != userKey && share > 0 && position(userKey, salt) < share;
    }

    private static long fnv1a(final long seed, final CharSequence text)
    {
        long h = seed;
        for (int i = 0, n = text.length(); i < n; i++)
        {
            h ^= text.charAt(i);
            h *= FNV_PRIME;
        }
        return h;
    }

    private static long mix(final long value)
    {
        long z = value + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
