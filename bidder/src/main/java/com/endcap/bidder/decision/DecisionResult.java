package com.endcap.bidder.decision;

import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.FrequencyView;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.index.CompiledAd;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.stock.StockLevel;
import org.agrona.collections.IntHashSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to one {@link DecisionRequest}, and the scratch space the engine decides in. One
 * instance per deciding thread, reused for every request: everything is preallocated, so a
 * decision allocates nothing in steady state (debug reasons excepted).
 * <p>
 * Not thread-safe. What it holds is valid until the next {@link DecisionEngine#decide} into it.
 */
public final class DecisionResult
{
    private final AdDecision[][] winners = new AdDecision[DecisionRequest.MAX_PLACEMENTS][DecisionRequest.MAX_COUNT];
    private final int[] winnerCounts = new int[DecisionRequest.MAX_PLACEMENTS];
    private final NoFillReason[] noFillReasons = new NoFillReason[DecisionRequest.MAX_PLACEMENTS];
    private final String[] placementIds = new String[DecisionRequest.MAX_PLACEMENTS];
    private int placementCount;
    private final CompiledAd[] heldOut = new CompiledAd[64];
    private int heldOutCount;
    private final List<Exclusion> exclusions = new ArrayList<>();
    private long decidedAtMillis;
    private AdIndex index;

    // Scratch, owned by the engine.
    final IntHashSet userSegments = new IntHashSet(256);
    final long[] segmentBits = new long[(SegmentDictionary.DEFAULT_CAPACITY + 63) >>> 6];
    final int[] segmentWords = new int[segmentBits.length];
    int segmentWordCount;
    long[] impressions = FrequencyView.NO_IMPRESSIONS;
    /** Bit {@code serial & 1023} set for each ad serial in {@link #impressions}: most capped ads are not there. */
    final long[] impressionSerials = new long[16];
    int[] categoryScores = new int[64];
    int[] categoryStamps = new int[256];
    byte[] categoryDepths = new byte[256];
    byte[] categoryComplements = new byte[256];
    int categoryStamp;
    /** {@code pageMarks[path] == categoryStamp}: the page category lies under that {@link com.endcap.bidder.index.CategoryPaths} path. */
    int[] pageMarks = new int[64];
    /** {@code complementMarks[path] == categoryStamp}: that path is a complement category of the order or cart. */
    int[] complementMarks = new int[64];
    /** Whether the page category has levels to share (non-empty). */
    boolean pageHasLevels;
    int[] cursors = new int[64];
    final IntHashSet excludedSkus = new IntHashSet(2 * DecisionRequest.MAX_SKUS);
    final IntHashSet usedSkus = new IntHashSet(2 * DecisionRequest.MAX_PLACEMENTS * DecisionRequest.MAX_COUNT);
    /** Distinct complement categories marked in {@link #complementMarks}. */
    int complementCount;
    final int[] pickupStores = new int[EngineConfig.MAX_NEARBY_STORES];
    final double[] pickupDistances = new double[EngineConfig.MAX_NEARBY_STORES];
    int pickupStoreCount;
    int shopperRegion;
    String userKey;
    long userHash;
    long nowEpochSecond;
    long freshSinceEpochSecond;
    CompiledAd[] candidates = new CompiledAd[256];
    double[] scores = new double[256];
    double[] qualities = new double[256];
    int[] heap = new int[256];
    int[] advertiserStamps = new int[64];
    int stamp;
    final long[] storePrice = new long[2];
    final StockLevel level = new StockLevel();

    // What the last stock check found (selectStock), and why it failed when it did.
    Product pickProduct;
    int pickLocationId;
    double pickDistanceKm;
    int pickUnits;
    long pickUpdatedAtEpochSecond;
    int pickAttributes;
    boolean pickShip;
    ExclusionReason failReason;
    int failLocationId;
    int failCount;

    /**
     * An empty result.
     */
    public DecisionResult()
    {
        for (final AdDecision[] row : winners)
        {
            for (int i = 0; i < row.length; i++)
            {
                row[i] = new AdDecision();
            }
        }
    }

    void reset(final AdIndex index, final long nowMillis)
    {
        for (int i = 0; i < placementCount; i++)
        {
            for (int k = 0; k < winnerCounts[i]; k++)
            {
                final AdDecision winner = winners[i][k];
                winner.ad = null;
                winner.product = null;
                winner.location = null;
            }
            winnerCounts[i] = 0;
            placementIds[i] = null;
        }
        placementCount = 0;
        for (int i = 0; i < heldOutCount; i++)
        {
            heldOut[i] = null;
        }
        heldOutCount = 0;
        if (!exclusions.isEmpty())
        {
            exclusions.clear();
        }
        this.index = index;
        this.decidedAtMillis = nowMillis;
        userSegments.clear();
        for (int i = 0; i < segmentWordCount; i++)
        {
            segmentBits[segmentWords[i]] = 0;
        }
        segmentWordCount = 0;
        if (impressions.length > 0)
        {
            java.util.Arrays.fill(impressionSerials, 0L);
        }
        impressions = FrequencyView.NO_IMPRESSIONS;
        excludedSkus.clear();
        usedSkus.clear();
        complementCount = 0;
        pickupStoreCount = 0;
        shopperRegion = -1;
        userKey = null;
        final int pathCount = index.paths().count();
        if (categoryStamps.length < index.categoryCount() || pageMarks.length < pathCount)
        {
            // The memo and the marks share one stamp: renew all, so no old stamp can match a new request's.
            final int categories = Math.max(index.categoryCount(), categoryStamps.length);
            final int paths = Math.max(pathCount, pageMarks.length);
            categoryStamps = new int[categories * 2];
            categoryDepths = new byte[categories * 2];
            categoryComplements = new byte[categories * 2];
            pageMarks = new int[paths * 2];
            complementMarks = new int[paths * 2];
            categoryStamp = 0;
        }
        if (++categoryStamp == Integer.MAX_VALUE)
        {
            java.util.Arrays.fill(categoryStamps, 0);
            java.util.Arrays.fill(pageMarks, 0);
            java.util.Arrays.fill(complementMarks, 0);
            categoryStamp = 1;
        }
        if (advertiserStamps.length < index.advertiserCount())
        {
            advertiserStamps = new int[Math.max(index.advertiserCount(), advertiserStamps.length * 2)];
            stamp = 0;
        }
    }

    void ensureCandidates(final int count)
    {
        if (candidates.length < count)
        {
            final int size = Math.max(count, candidates.length * 2);
            candidates = new CompiledAd[size];
            scores = new double[size];
            qualities = new double[size];
            heap = new int[size];
        }
    }

    /**
     * Mirrors {@link #userSegments} into {@link #segmentBits} (ids past the bit set's end are left
     * out: no dictionary hands them out).
     */
    void publishSegmentBits()
    {
        final IntHashSet.IntIterator values = userSegments.iterator();
        while (values.hasNext())
        {
            final int id = values.nextValue();
            final int word = id >>> 6;
            if (id < 0 || word >= segmentBits.length)
            {
                continue;
            }
            if (0 == segmentBits[word])
            {
                segmentWords[segmentWordCount++] = word;
            }
            segmentBits[word] |= 1L << id;
        }
    }

    void publishImpressionSerials()
    {
        for (final long entry : impressions)
        {
            final int bit = (int)(entry >>> 32) & 1023;
            impressionSerials[bit >>> 6] |= 1L << bit;
        }
    }

    boolean mayHaveSeen(final int adSerial)
    {
        final int bit = adSerial & 1023;
        return (impressionSerials[bit >>> 6] & (1L << bit)) != 0;
    }

    void ensureCategories(final int count)
    {
        if (categoryScores.length < count)
        {
            categoryScores = new int[Math.max(count, categoryScores.length * 2)];
            cursors = new int[categoryScores.length];
        }
    }

    int startPlacement(final String id)
    {
        placementIds[placementCount] = id;
        winnerCounts[placementCount] = 0;
        return placementCount++;
    }

    void noFillReason(final int placement, final NoFillReason reason)
    {
        noFillReasons[placement] = reason;
    }

    AdDecision nextWinner(final int placement)
    {
        return winners[placement][winnerCounts[placement]++];
    }

    void recordHeldOut(final CompiledAd ad)
    {
        for (int i = 0; i < heldOutCount; i++)
        {
            if (heldOut[i].campaign == ad.campaign)
            {
                return;
            }
        }
        if (heldOutCount < heldOut.length)
        {
            heldOut[heldOutCount++] = ad;
        }
    }

    void exclude(final String placementId, final CompiledAd ad, final ExclusionReason reason, final String detail)
    {
        exclusions.add(new Exclusion(placementId, ad.adId(), ad.campaignId(), reason, detail));
    }

    /**
     * @return placements answered, as many as the request had.
     */
    public int placementCount()
    {
        return placementCount;
    }

    /**
     * @param placement placement index.
     * @return its id.
     */
    public String placementId(final int placement)
    {
        return placementIds[placement];
    }

    /**
     * @param placement placement index.
     * @return ads chosen, 0 for no fill.
     */
    public int winnerCount(final int placement)
    {
        return winnerCounts[placement];
    }

    /**
     * @param placement placement index.
     * @return {@link NoFillReason#FILLED} when it has ads, else why not.
     */
    public NoFillReason noFillReason(final int placement)
    {
        return noFillReasons[placement];
    }

    /**
     * @param placement placement index.
     * @param rank      0 .. {@link #winnerCount(int)}.
     * @return the ad chosen at that rank.
     */
    public AdDecision winner(final int placement, final int rank)
    {
        if (rank >= winnerCounts[placement])
        {
            throw new IndexOutOfBoundsException("rank " + rank + " of " + winnerCounts[placement]);
        }
        return winners[placement][rank];
    }

    /**
     * Campaigns whose control group the shopper is in and which would otherwise have competed:
     * recorded so measurement can compare the held-out shoppers with the exposed ones.
     *
     * @return how many.
     */
    public int heldOutCount()
    {
        return heldOutCount;
    }

    /**
     * @param i 0 .. {@link #heldOutCount()}.
     * @return the campaign id.
     */
    public String heldOutCampaignId(final int i)
    {
        return heldOut[i].campaignId();
    }

    /**
     * @return exclusion reasons, filled only for debug requests.
     */
    public List<Exclusion> exclusions()
    {
        return exclusions;
    }

    /**
     * @return when the decision was made, epoch millis.
     */
    public long decidedAtMillis()
    {
        return decidedAtMillis;
    }

    /**
     * @return the index the decision read.
     */
    public AdIndex index()
    {
        return index;
    }

    /**
     * @return the user key the decision used, null without one or without consent.
     */
    public String userKey()
    {
        return userKey;
    }
}
