package com.endcap.bidder.decision;

import com.endcap.bidder.campaign.BidModel;
import com.endcap.bidder.campaign.Fulfilment;
import com.endcap.bidder.campaign.Pacing;
import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.delivery.CampaignDelivery;
import com.endcap.bidder.delivery.FrequencyView;
import com.endcap.bidder.geo.GeoDistance;
import com.endcap.bidder.ids.IdMap;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.index.CategoryPaths;
import com.endcap.bidder.index.CompiledAd;
import com.endcap.bidder.index.Holdout;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.stock.StockAttributes;
import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;
import org.agrona.concurrent.EpochClock;

import java.util.Objects;

/**
 * Decides which product ads a request's placements show.
 * <p>
 * For each placement: candidates are the index's ads for the slot type and channel; the cheap
 * eligibility checks (flight, budget, pacing, context, segments, holdout, frequency cap, floor)
 * run on every candidate; the survivors are ranked by expected value per thousand impressions
 * ({@code CPM bid × relevance}, or {@code CPC bid × predicted click rate × 1000 × relevance}) and
 * only then, best first, checked for stock until the placement is full and the next eligible ad
 * (the one that sets the last winner's second price) is found. Stock is the expensive check, so
 * most candidates never pay for it. See {@code docs/architecture.md} for every rule.
 * <p>
 * Threads: {@link #decide} from any number of threads at once, each with its own
 * {@link DecisionResult}; it never locks, never blocks, never logs and allocates nothing in
 * steady state (debug requests excepted). {@link #publish} from one cold thread at a time.
 */
public final class DecisionEngine
{
    private static final double RELEVANCE_PER_CATEGORY_LEVEL = 0.5;
    private static final double RELEVANCE_KEYWORD = 0.25;
    private static final double RELEVANCE_COMPLEMENT = 0.5;
    private static final long EVEN_PACING_LEAD_SECONDS = 3600;

    private final EngineConfig config;
    private final DecisionPorts ports;
    private final EpochClock clock;
    private volatile AdIndex index;

    /**
     * @param config settings.
     * @param ports  what decisions read.
     * @param clock  epoch milliseconds.
     * @param index  the first index (e.g. {@link AdIndex#empty()}).
     */
    public DecisionEngine(final EngineConfig config, final DecisionPorts ports, final EpochClock clock, final AdIndex index)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.index = Objects.requireNonNull(index, "index");
    }

    /**
     * Makes an index the one the next decision reads (one volatile write).
     *
     * @param next the new index.
     */
    public void publish(final AdIndex next)
    {
        index = Objects.requireNonNull(next, "index");
    }

    /**
     * @return the index decisions read now.
     */
    public AdIndex index()
    {
        return index;
    }

    /**
     * @return the settings.
     */
    public EngineConfig config()
    {
        return config;
    }

    /**
     * @return the ports.
     */
    public DecisionPorts ports()
    {
        return ports;
    }

    /**
     * Decides every placement of a request.
     *
     * @param request the request (not changed).
     * @param result  the calling thread's result, overwritten.
     */
    public void decide(final DecisionRequest request, final DecisionResult result)
    {
        final AdIndex idx = index;
        final long nowMillis = clock.time();
        result.reset(idx, nowMillis);
        final long now = Math.floorDiv(nowMillis, 1000L);
        result.nowEpochSecond = now;
        result.freshSinceEpochSecond = config.maxStockAgeSeconds() > 0 ? now - config.maxStockAgeSeconds() : 0;
        prepareShopper(request, result, idx);
        for (int p = 0, n = request.placementCount(); p < n; p++)
        {
            decidePlacement(request, p, result, idx);
        }
    }

    private void prepareShopper(final DecisionRequest request, final DecisionResult result, final AdIndex idx)
    {
        if (request.personalization())
        {
            result.userKey = request.userKey();
            for (int i = 0, n = request.segmentCount(); i < n; i++)
            {
                final int id = ports.dictionary().idOf(request.segment(i));
                if (id >= 0)
                {
                    result.userSegments.add(id);
                }
            }
            if (null != result.userKey)
            {
                result.userHash = Holdout.userHash(result.userKey);
                ports.segments().segmentsOf(result.userKey, result.nowEpochSecond, result.userSegments);
                result.impressions = ports.frequency().recentImpressions(result.userKey);
                result.publishImpressionSerials();
            }
            result.publishSegmentBits();
        }

        // The page's category paths, marked once: every candidate's prefix test and category depth reads the marks.
        result.pageHasLevels = idx.paths().markBoundaries(request.category(), result.pageMarks, result.categoryStamp);
        for (int i = 0, n = request.orderSkuCount(); i < n; i++)
        {
            excludeSku(request.orderSku(i), result, idx);
        }
        for (int i = 0, n = request.cartSkuCount(); i < n; i++)
        {
            excludeSku(request.cartSku(i), result, idx);
        }
        for (int i = 0, n = request.excludedSkuCount(); i < n; i++)
        {
            final String sku = request.excludedSku(i);
            final int skuId = null == sku ? IdMap.MISSING : ports.skuIds().idOf(sku);
            if (skuId >= 0)
            {
                result.excludedSkus.add(skuId);
            }
        }

        // The region shipping serves: the one the request states (a shipping address), else the
        // chosen store's, else the nearest store's.
        result.shopperRegion = idx.regionOrdinal(request.region());
        final Location chosen = idx.location(request.storeId());
        if (null != chosen && chosen.isStore())
        {
            result.pickupStores[0] = chosen.id();
            result.pickupDistances[0] = request.hasGeo() && !Double.isNaN(chosen.lat()) ?
                GeoDistance.haversineKm(request.lat(), request.lon(), chosen.lat(), chosen.lon()) : Double.NaN;
            result.pickupStoreCount = 1;
        }
        else if (request.hasGeo())
        {
            findNearbyStores(request.lat(), request.lon(), result, idx);
        }
        if (result.shopperRegion < 0 && result.pickupStoreCount > 0)
        {
            result.shopperRegion = idx.regionOfLocation(result.pickupStores[0]);
        }
    }

    private void excludeSku(final String sku, final DecisionResult result, final AdIndex idx)
    {
        final int skuId = null == sku ? IdMap.MISSING : ports.skuIds().idOf(sku);
        if (skuId < 0)
        {
            return;
        }
        result.excludedSkus.add(skuId);
        // The product's complement categories, as paths the index numbered when it was built.
        final int[] paths = idx.complementPaths(skuId);
        final int[] marks = result.complementMarks;
        final int stamp = result.categoryStamp;
        for (final int path : paths)
        {
            if (marks[path] != stamp)
            {
                marks[path] = stamp;
                result.complementCount++;
            }
        }
    }

    private void findNearbyStores(final double lat, final double lon, final DecisionResult result, final AdIndex idx)
    {
        final double cosLat = Math.cos(Math.toRadians(lat));
        final double maxKm = config.maxPickupRadiusKm();
        final int k = config.maxNearbyStores();
        final int[] ids = result.pickupStores;
        final double[] distances = result.pickupDistances;
        int count = 0;
        for (int i = 0, n = idx.storeCount(); i < n; i++)
        {
            final double d = GeoDistance.approxKm(lat, lon, cosLat, idx.storeLat(i), idx.storeLon(i));
            if (d > maxKm || (count == k && d >= distances[k - 1]))
            {
                continue;
            }
            int j = count == k ? k - 1 : count++;
            while (j > 0 && distances[j - 1] > d)
            {
                distances[j] = distances[j - 1];
                ids[j] = ids[j - 1];
                j--;
            }
            distances[j] = d;
            ids[j] = idx.storeId(i);
        }
        result.pickupStoreCount = count;
    }

    private void decidePlacement(final DecisionRequest request, final int p, final DecisionResult result, final AdIndex idx)
    {
        final String slot = request.placementSlot(p);
        final String placementId = request.placementId(p);
        final int wanted = request.placementCount(p);
        final boolean debug = request.debug();
        final int placement = result.startPlacement(placementId);
        final CompiledAd[] ads = idx.candidates(slot, request.channel());
        final double floor = config.floorCpm(slot);

        result.ensureCandidates(ads.length);
        final CompiledAd[] candidates = result.candidates;
        final double[] scores = result.scores;
        final double[] qualities = result.qualities;
        final double relevanceBase = 1.0;
        int n = 0;
        for (final CompiledAd ad : ads)
        {
            final ExclusionReason reason = cheapCheck(ad, request, result);
            if (null != reason)
            {
                if (ExclusionReason.HOLDOUT == reason)
                {
                    result.recordHeldOut(ad);
                }
                if (debug)
                {
                    result.exclude(placementId, ad, reason, detail(reason, ad, request, result, 0, floor));
                }
                continue;
            }
            final double relevance = relevanceBase + relevance(ad, request, result);
            final double quality = BidModel.CPC == ad.bidModel ?
                relevance * ad.adDelivery.predictedClickRate(ad.ctrPrior) * 1000.0 : relevance;
            final double score = ad.bidAmount * quality;
            if (score < floor)
            {
                if (debug)
                {
                    result.exclude(placementId, ad, ExclusionReason.BELOW_FLOOR,
                        detail(ExclusionReason.BELOW_FLOOR, ad, request, result, score, floor));
                }
                continue;
            }
            candidates[n] = ad;
            scores[n] = score;
            qualities[n] = quality;
            n++;
        }
        if (debug)
        {
            for (final CompiledAd ad : idx.slotAds(slot))
            {
                if ((ad.channelMask & (1 << request.channel().ordinal())) == 0)
                {
                    result.exclude(placementId, ad, ExclusionReason.CHANNEL, "runs on " + ad.ad.channels());
                }
            }
        }

        final int[] heap = result.heap;
        for (int i = 0; i < n; i++)
        {
            heap[i] = i;
        }
        for (int i = (n >>> 1) - 1; i >= 0; i--)
        {
            siftDown(heap, i, n, candidates, scores);
        }

        if (++result.stamp == Integer.MAX_VALUE)
        {
            java.util.Arrays.fill(result.advertiserStamps, 0);
            result.stamp = 1;
        }
        final int stamp = result.stamp;
        final int[] advertisers = result.advertiserStamps;
        int winners = 0;
        double runnerUpScore = -1;
        int size = n;
        while (size > 0)
        {
            final int i = heap[0];
            heap[0] = heap[--size];
            siftDown(heap, 0, size, candidates, scores);
            final CompiledAd ad = candidates[i];
            candidates[i] = null;

            if (config.onePerAdvertiser() && advertisers[ad.advertiserOrdinal] == stamp)
            {
                if (debug)
                {
                    result.exclude(placementId, ad, ExclusionReason.ADVERTISER_LIMIT,
                        "advertiser " + ad.advertiserId() + " already fills " + placementId);
                }
                continue;
            }
            if (winners < wanted)
            {
                if (selectStock(ad, request, result, idx))
                {
                    fillWinner(result.nextWinner(placement), ad, scores[i], qualities[i], result, idx);
                    advertisers[ad.advertiserOrdinal] = stamp;
                    result.usedSkus.add(result.pickProduct.skuId());
                    winners++;
                }
                else if (debug)
                {
                    result.exclude(placementId, ad, result.failReason, detail(result.failReason, ad, request, result, 0, floor));
                }
            }
            else if (runnerUpScore < 0 || debug)
            {
                if (selectStock(ad, request, result, idx))
                {
                    if (runnerUpScore < 0)
                    {
                        runnerUpScore = scores[i];
                    }
                    if (debug)
                    {
                        result.exclude(placementId, ad, ExclusionReason.OUTRANKED,
                            detail(ExclusionReason.OUTRANKED, ad, request, result, scores[i], floor));
                    }
                }
                else if (debug)
                {
                    result.exclude(placementId, ad, result.failReason, detail(result.failReason, ad, request, result, 0, floor));
                }
            }
            else
            {
                break;
            }
        }
        for (int i = 0; i < n; i++)
        {
            candidates[i] = null;
        }
        price(result, placement, winners, runnerUpScore, floor);
        result.noFillReason(placement, winners > 0 ? NoFillReason.FILLED :
            0 == ads.length ? NoFillReason.NO_CANDIDATES : 0 == n ? NoFillReason.NOT_ELIGIBLE : NoFillReason.NO_STOCK);
    }

    private void price(
        final DecisionResult result, final int placement, final int winners, final double runnerUpScore, final double floor)
    {
        for (int k = 0; k < winners; k++)
        {
            final AdDecision winner = result.winner(placement, k);
            final double bid = winner.ad.bidAmount;
            if (AuctionRule.FIRST_PRICE == config.auctionRule())
            {
                winner.clearingPrice = bid;
                continue;
            }
            final double next = k + 1 < winners ? result.winner(placement, k + 1).score : runnerUpScore;
            final double clearingScore = Math.max(next, floor);
            final double price = Math.min(bid, clearingScore / winner.quality + config.priceIncrement());
            winner.clearingPrice = Math.round(price * 10_000.0) / 10_000.0;
        }
    }

    private ExclusionReason cheapCheck(final CompiledAd ad, final DecisionRequest request, final DecisionResult result)
    {
        final long now = result.nowEpochSecond;
        if (now < ad.flightStartEpochSecond || now >= ad.flightEndEpochSecond)
        {
            return ExclusionReason.FLIGHT;
        }
        // An unbudgeted campaign's delivery object is never touched: one dependent load less per candidate.
        final CampaignDelivery delivery = ad.campaignDelivery;
        if (Long.MAX_VALUE != ad.budgetTotalMicros && delivery.spentTotalMicros() >= ad.budgetTotalMicros)
        {
            return ExclusionReason.BUDGET;
        }
        if (Long.MAX_VALUE != ad.budgetDailyMicros)
        {
            final long today = delivery.spentTodayMicros(now);
            if (today >= ad.budgetDailyMicros)
            {
                return ExclusionReason.BUDGET;
            }
            if (Pacing.EVEN == ad.pacing && today >= evenPacingAllowance(ad, delivery, now))
            {
                return ExclusionReason.PACING;
            }
        }
        if (!contextMatches(ad, request, result))
        {
            return ExclusionReason.CONTEXT;
        }
        if (!ad.segments.matches(result.segmentBits))
        {
            return ExclusionReason.SEGMENTS;
        }
        final String userKey = result.userKey;
        if (null != userKey)
        {
            if (Holdout.isHeldOut(result.userHash, ad.holdoutSalt, ad.holdoutShare))
            {
                return ExclusionReason.HOLDOUT;
            }
            if (ad.capCount > 0 && result.mayHaveSeen(ad.adSerial) &&
                FrequencyView.count(result.impressions, ad.adSerial, now - ad.capWindowSeconds + 1) >= ad.capCount)
            {
                return ExclusionReason.FREQUENCY_CAP;
            }
        }
        return null;
    }

    /**
     * Even pacing: by any moment of the campaign's day, spend may run at most one hour's share ahead
     * of a straight line from 0 at the day's start to the daily budget at its end.
     */
    private static long evenPacingAllowance(final CompiledAd ad, final CampaignDelivery delivery, final long now)
    {
        final long dayStart = delivery.dayStartEpochSecond(now);
        final long dayLength = delivery.dayLengthSeconds(now);
        final double share = Math.min(1.0, (double)(now - dayStart + EVEN_PACING_LEAD_SECONDS) / dayLength);
        return (long)(ad.budgetDailyMicros * share);
    }

    private static boolean contextMatches(final CompiledAd ad, final DecisionRequest request, final DecisionResult result)
    {
        if (ad.pageTypes.length > 0 && !containsEqual(ad.pageTypes, request.pageType()))
        {
            return false;
        }
        final int[] prefixes = ad.categoryPrefixOrdinals;
        if (prefixes.length > 0)
        {
            // The page's paths were marked once for the request (prepareShopper).
            final int[] pageMarks = result.pageMarks;
            final int stamp = result.categoryStamp;
            boolean under = false;
            for (int i = 0; i < prefixes.length && !under; i++)
            {
                under = pageMarks[prefixes[i]] == stamp;
            }
            if (!under)
            {
                return false;
            }
        }
        return ad.keywords.length == 0 || keywordMatches(ad, request);
    }

    private static boolean keywordMatches(final CompiledAd ad, final DecisionRequest request)
    {
        for (int i = 0, n = request.keywordCount(); i < n; i++)
        {
            final String keyword = request.keyword(i);
            for (final String wanted : ad.keywords)
            {
                if (wanted.equalsIgnoreCase(keyword))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsEqual(final String[] values, final String value)
    {
        if (null == value)
        {
            return false;
        }
        for (final String candidate : values)
        {
            if (candidate.equals(value))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Relevance beyond the base of 1: +0.5 per category level the ad's main category shares with
     * the page (up to two: an ad in the page's own category counts double), +0.25 for a keyword-targeted ad (it matched), +0.5 when any of the ad's
     * products complements what is in the order or cart.
     */
    private static double relevance(final CompiledAd ad, final DecisionRequest request, final DecisionResult result)
    {
        double relevance = 0;
        final String page = request.category();
        if (null != page && ad.primaryCategoryOrdinal >= 0)
        {
            relevance += RELEVANCE_PER_CATEGORY_LEVEL * Math.min(2, categoryDepth(ad.primaryCategoryOrdinal, result));
        }
        if (ad.keywords.length > 0)
        {
            relevance += RELEVANCE_KEYWORD;
        }
        if (result.complementCount > 0)
        {
            final int[] ordinals = ad.categoryOrdinals;
            for (int c = 0; c < ordinals.length; c++)
            {
                if (categoryComplements(ordinals[c], result))
                {
                    relevance += RELEVANCE_COMPLEMENT;
                    break;
                }
            }
        }
        return relevance;
    }

    /**
     * Category levels (up to three) a category shares with the page, memoised per request by the
     * category's index-wide ordinal: most candidates share a handful of categories.
     */
    private static int categoryDepth(final int ordinal, final DecisionResult result)
    {
        memoCategory(ordinal, result);
        return result.categoryDepths[ordinal];
    }

    private static boolean categoryComplements(final int ordinal, final DecisionResult result)
    {
        memoCategory(ordinal, result);
        return result.categoryComplements[ordinal] != 0;
    }

    /**
     * From the category's boundary prefixes and the request's marks: the levels it shares with the
     * page ({@link Catalog#sharedDepth}: its non-empty boundary prefixes the page also lies under) and
     * whether it lies under a complement category ({@link Catalog#isUnder} of any complement).
     */
    private static void memoCategory(final int ordinal, final DecisionResult result)
    {
        final int stamp = result.categoryStamp;
        if (result.categoryStamps[ordinal] != stamp)
        {
            final int[] boundaries = result.index().categoryBoundaries(ordinal);
            result.categoryDepths[ordinal] = (byte)Math.min(3,
                CategoryPaths.sharedDepth(boundaries, result.pageMarks, stamp, result.pageHasLevels));
            result.categoryComplements[ordinal] = (byte)(result.complementCount > 0 &&
                CategoryPaths.underAny(boundaries, result.complementMarks, stamp) ? 1 : 0);
            result.categoryStamps[ordinal] = stamp;
        }
    }

    /**
     * Finds where the shopper can get one of the ad's products: pickup at the shopper's store or
     * the nearest stores in scope (nearest first), else ship from a warehouse serving the shopper's
     * region (fastest first), per the ad's fulfilment. At the first location with stock, picks the
     * best product (see {@link #pickAt}). Leaves the pick, or the reason, in the result.
     */
    private boolean selectStock(
        final CompiledAd ad, final DecisionRequest request, final DecisionResult result, final AdIndex idx)
    {
        result.failReason = ExclusionReason.OUT_OF_STOCK;
        result.failLocationId = -1;
        result.failCount = 0;
        if (0 == ad.skuIds.length)
        {
            result.failReason = ExclusionReason.NO_PRODUCT;
            return false;
        }
        boolean inScope = false;
        if (Fulfilment.SHIP != ad.fulfilment)
        {
            for (int s = 0, n = result.pickupStoreCount; s < n; s++)
            {
                final int locationId = result.pickupStores[s];
                final double distance = result.pickupDistances[s];
                if (inPickupScope(ad, locationId, distance, idx))
                {
                    inScope = true;
                    if (pickAt(ad, locationId, distance, false, request, result))
                    {
                        return true;
                    }
                }
            }
        }
        if (Fulfilment.PICKUP != ad.fulfilment && mayShip(ad, result.shopperRegion))
        {
            for (final int warehouseId : idx.warehousesFor(result.shopperRegion))
            {
                inScope = true;
                if (pickAt(ad, warehouseId, Double.NaN, true, request, result))
                {
                    return true;
                }
            }
        }
        if (!inScope)
        {
            result.failReason = ExclusionReason.GEO;
        }
        return false;
    }

    private static boolean inPickupScope(final CompiledAd ad, final int locationId, final double distanceKm, final AdIndex idx)
    {
        switch (ad.geoKind)
        {
            case CompiledAd.GEO_RADIUS:
                return Double.isNaN(distanceKm) || distanceKm <= ad.radiusKm;
            case CompiledAd.GEO_STORES:
                return CompiledAd.hasBit(ad.storeBits, locationId);
            case CompiledAd.GEO_REGIONS:
                return CompiledAd.hasBit(ad.regionBits, idx.regionOfLocation(locationId));
            default:
                return true;
        }
    }

    private static boolean mayShip(final CompiledAd ad, final int shopperRegion)
    {
        if (shopperRegion < 0)
        {
            return false;
        }
        switch (ad.geoKind)
        {
            case CompiledAd.GEO_ANYWHERE:
                return true;
            case CompiledAd.GEO_REGIONS:
                return CompiledAd.hasBit(ad.regionBits, shopperRegion);
            default:
                return false;
        }
    }

    /**
     * At one location: the best of the ad's products that has at least the ad's minimum fresh
     * units there and is not ordered, in the cart or already shown in this response. Best: a
     * product under a complement category of the order or cart first, then the most category
     * levels shared with the page (up to three), then the higher shopper price (a proxy for
     * margin), then catalog order. Products are probed in that order, one stock read each, and
     * the first that qualifies wins, so a decision reads stock for a handful of products, not the
     * whole set. A product the location does not offer for pickup, or one that trips the oversell
     * guard (its units minus the recent sell-through over the horizon fall below the ad's
     * minimum), is passed over for the next.
     */
    private boolean pickAt(
        final CompiledAd ad, final int locationId, final double distanceKm, final boolean ship,
        final DecisionRequest request, final DecisionResult result)
    {
        if (result.failLocationId < 0)
        {
            result.failLocationId = locationId;
        }
        final int categoryCount = ad.categories.length;
        result.ensureCategories(categoryCount);
        final int[] scores = result.categoryScores;
        final int[] cursors = result.cursors;
        final int[] ordinals = ad.categoryOrdinals;
        for (int c = 0; c < categoryCount; c++)
        {
            memoCategory(ordinals[c], result);
            scores[c] = 16 * result.categoryComplements[ordinals[c]] + 4 * result.categoryDepths[ordinals[c]];
            cursors[c] = 0;
        }

        final StockView stock = ports.stock();
        final StockLevel level = result.level;
        final int[][] byCategory = ad.positionsByCategory;
        final Product[] products = ad.products;
        final int[] skuIds = ad.skuIds;
        final double horizon = config.oversellHorizonHours();
        while (true)
        {
            int best = -1;
            int bestScore = -1;
            long bestPrice = -1;
            for (int c = 0; c < categoryCount; c++)
            {
                final int[] positions = byCategory[c];
                if (cursors[c] == positions.length)
                {
                    continue;
                }
                final long price = products[positions[cursors[c]]].effectivePriceCents();
                if (scores[c] > bestScore || (scores[c] == bestScore && price > bestPrice))
                {
                    best = c;
                    bestScore = scores[c];
                    bestPrice = price;
                }
            }
            if (best < 0)
            {
                return false;
            }
            final int position = byCategory[best][cursors[best]++];
            final int skuId = skuIds[position];
            if (result.excludedSkus.contains(skuId) || result.usedSkus.contains(skuId))
            {
                if (ExclusionReason.OUT_OF_STOCK == result.failReason && stock.available(skuId, locationId) >= ad.minUnits)
                {
                    result.failReason = ExclusionReason.NO_PRODUCT;
                }
                continue;
            }
            if (!stock.read(skuId, locationId, level) || level.available() < ad.minUnits ||
                level.updatedAtEpochSecond() < result.freshSinceEpochSecond)
            {
                continue;
            }
            if (!ship && StockAttributes.noPickup(level.attributes()))
            {
                continue;
            }
            if (horizon > 0)
            {
                final double perHour = ports.sellThrough().unitsPerHour(skuId, locationId);
                if (perHour > 0 && level.available() - perHour * horizon < ad.minUnits)
                {
                    result.failReason = ExclusionReason.OVERSELL_GUARD;
                    continue;
                }
            }
            result.pickProduct = products[position];
            result.pickLocationId = locationId;
            result.pickDistanceKm = distanceKm;
            result.pickUnits = level.available();
            result.pickUpdatedAtEpochSecond = level.updatedAtEpochSecond();
            result.pickAttributes = level.attributes();
            result.pickShip = ship;
            return true;
        }
    }

    private void fillWinner(
        final AdDecision winner, final CompiledAd ad, final double score, final double quality,
        final DecisionResult result, final AdIndex idx)
    {
        final Product product = result.pickProduct;
        winner.ad = ad;
        winner.product = product;
        winner.location = idx.location(result.pickLocationId);
        winner.mode = result.pickShip ? Fulfilment.SHIP : Fulfilment.PICKUP;
        winner.distanceKm = result.pickDistanceKm;
        winner.units = result.pickUnits;
        winner.stockUpdatedAtEpochSecond = result.pickUpdatedAtEpochSecond;
        winner.attributes = result.pickAttributes;
        winner.limited = result.pickUnits <= config.limitedUnits() || StockAttributes.limited(result.pickAttributes);
        winner.score = score;
        winner.quality = quality;
        winner.priceCents = product.priceCents();
        winner.saleCents = product.saleCents();
        final long[] storePrice = result.storePrice;
        if (ports.prices().read(product.skuId(), result.pickLocationId, storePrice))
        {
            if (storePrice[0] >= 0)
            {
                winner.priceCents = storePrice[0];
            }
            winner.saleCents = storePrice[1] >= 0 ? storePrice[1] : Product.NO_PRICE;
        }
        winner.memberPriceCents = Product.NO_PRICE;
        if (ad.loyaltySegmentId >= 0 && result.userSegments.contains(ad.loyaltySegmentId))
        {
            final long shown = winner.saleCents >= 0 ? winner.saleCents : winner.priceCents;
            final double discount = ad.ad.creative().loyalty().discountPercent();
            winner.memberPriceCents = Math.round(shown * (1.0 - discount / 100.0));
        }
    }

    private static void siftDown(final int[] heap, final int from, final int size, final CompiledAd[] ads, final double[] scores)
    {
        int i = from;
        final int moving = heap[i];
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= size)
            {
                break;
            }
            int child = left;
            if (left + 1 < size && ranksAbove(heap[left + 1], heap[left], ads, scores))
            {
                child = left + 1;
            }
            if (!ranksAbove(heap[child], moving, ads, scores))
            {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = moving;
    }

    /** Rank order: higher expected value, then higher campaign priority, then the older ad (lower serial). */
    private static boolean ranksAbove(final int a, final int b, final CompiledAd[] ads, final double[] scores)
    {
        if (scores[a] != scores[b])
        {
            return scores[a] > scores[b];
        }
        if (ads[a].priority != ads[b].priority)
        {
            return ads[a].priority > ads[b].priority;
        }
        return ads[a].adSerial < ads[b].adSerial;
    }

    private String detail(
        final ExclusionReason reason, final CompiledAd ad, final DecisionRequest request, final DecisionResult result,
        final double score, final double floor)
    {
        final long now = result.nowEpochSecond;
        final AdIndex idx = result.index();
        switch (reason)
        {
            case FLIGHT:
                return "flight " + ad.campaign.flight().start() + " .. " + ad.campaign.flight().end();
            case BUDGET:
                return "spent " + ad.campaignDelivery.spentTotalMicros() / 1e6 + " in all, " +
                    ad.campaignDelivery.spentTodayMicros(now) / 1e6 + " today, of " + ad.campaign.budget();
            case PACING:
                return "spent " + ad.campaignDelivery.spentTodayMicros(now) / 1e6 + " today, even pacing allows " +
                    evenPacingAllowance(ad, ad.campaignDelivery, now) / 1e6 + " by now";
            case FREQUENCY_CAP:
                return "seen " + ad.capCount + " times in " + ad.capWindowSeconds + " s";
            case CONTEXT:
                return "targets pageTypes " + ad.ad.targeting().pageTypes() + ", categories " +
                    ad.ad.targeting().categories() + ", keywords " + ad.ad.targeting().keywords();
            case SEGMENTS:
                return "needs " + ad.segments;
            case HOLDOUT:
                return "control group of " + ad.campaignId() + " (share " + ad.holdoutShare + ")";
            case GEO:
                return result.pickupStoreCount == 0 && result.shopperRegion < 0 ?
                    "the request has no known storeId, geo or region" : "no store or warehouse in the ad's scope " + ad.ad.geo();
            case OUT_OF_STOCK:
            {
                final Location location = idx.location(result.failLocationId);
                final String where = null == location ? "location " + result.failLocationId : location.code();
                if (1 == ad.skuIds.length)
                {
                    final StockLevel level = new StockLevel();
                    if (!ports.stock().read(ad.skuIds[0], result.failLocationId, level))
                    {
                        return where + " has no record of " + ad.products[0].sku();
                    }
                    if (level.updatedAtEpochSecond() < result.freshSinceEpochSecond)
                    {
                        return where + " stock of " + ad.products[0].sku() + " is stale (last change at epoch second " +
                            level.updatedAtEpochSecond() + ")";
                    }
                    if (StockAttributes.noPickup(level.attributes()))
                    {
                        return where + " does not offer " + ad.products[0].sku() + " for pickup";
                    }
                    return where + " has " + level.available();
                }
                return "none of " + ad.skuIds.length + " skus has " + ad.minUnits + " or more fresh units at " + where +
                    (result.pickupStoreCount > 1 ? " or the other stores in reach" : "");
            }
            case OVERSELL_GUARD:
                return "would sell out within " + config.oversellHorizonHours() + " h at the recent rate";
            case NO_PRODUCT:
                return 0 == ad.skuIds.length ? "no product of the ad's set is in the catalog" :
                    "every available product is ordered, in the cart or shown in another slot";
            case BELOW_FLOOR:
                return "expected value " + Math.round(score * 100) / 100.0 + " CPM below the floor " + floor;
            case OUTRANKED:
                return "expected value " + Math.round(score * 100) / 100.0 + " CPM";
            default:
                return reason.wireName();
        }
    }
}
