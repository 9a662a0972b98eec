package com.endcap.bidder.index;

/**
 * The deterministic holdout assignment: a shopper is in a campaign's control group when
 * {@link #position(String, long)} of (user key, campaign) falls below the ad's holdout share.
 * <p>
 * The position is {@code splitmix64(userHash ^ salt)}, top 53 bits scaled to {@code [0, 1)}, where
 * {@link #userHash} is FNV-1a over the UTF-16 code units of the user key and {@link #salt} the same
 * over the campaign id. The user's hash is computed once per decision, then one mix per campaign.
 * Measurement can recompute every assignment from the ids alone, on any machine, for any past
 * decision. Allocation-free.
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
     * @return its hash, the per-shopper half of every position.
     */
    public static long userHash(final CharSequence userKey)
    {
        return fnv1a(FNV_OFFSET, userKey);
    }

    /**
     * @param userHash the shopper's {@link #userHash}.
     * @param salt     the campaign's {@link #salt}.
     * @return the shopper's position in {@code [0, 1)} for that campaign.
     */
    public static double position(final long userHash, final long salt)
    {
        return (mix(userHash ^ salt) >>> 11) * 0x1.0p-53;
    }

    /**
     * @param userKey the shopper's key.
     * @param salt    the campaign's {@link #salt}.
     * @return the shopper's position in {@code [0, 1)} for that campaign.
     */
    public static double position(final String userKey, final long salt)
    {
        return position(userHash(userKey), salt);
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

    /**
     * @param userHash the shopper's {@link #userHash}.
     * @param salt     the campaign's {@link #salt}.
     * @param share    the holdout share, 0..1.
     * @return true when the shopper is in the control group.
     */
    public static boolean isHeldOut(final long userHash, final long salt, final double share)
    {
        return share > 0 && position(userHash, salt) < share;
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
