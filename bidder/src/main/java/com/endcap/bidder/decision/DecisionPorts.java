package com.endcap.bidder.decision;

import com.endcap.bidder.delivery.FrequencyView;
import com.endcap.bidder.ids.IdMap;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.bidder.segment.SegmentView;
import com.endcap.bidder.stock.SellThroughView;
import com.endcap.bidder.stock.StockView;
import com.endcap.bidder.stock.StorePriceView;

import java.util.Objects;

/**
 * What the decision engine reads besides its index, each through a port the bidder owns.
 *
 * @param stock       live stock.
 * @param segments    segments Endcap holds per shopper.
 * @param dictionary  segment names to ids (request segments, targeting expressions).
 * @param skuIds      sku ids shared with the stock store (cart and order skus).
 * @param frequency   shoppers' recent impressions.
 * @param sellThrough recent sell-through for the oversell guard.
 * @param prices      locations' own prices.
 */
public record DecisionPorts(
    StockView stock,
    SegmentView segments,
    SegmentDictionary dictionary,
    IdMap skuIds,
    FrequencyView frequency,
    SellThroughView sellThrough,
    StorePriceView prices)
{
    /**
     * Validates; optional ports default to their empty implementations.
     */
    public DecisionPorts
    {
        Objects.requireNonNull(stock, "stock");
        Objects.requireNonNull(dictionary, "dictionary");
        Objects.requireNonNull(skuIds, "skuIds");
        segments = null == segments ? SegmentView.NONE : segments;
        frequency = null == frequency ? FrequencyView.NONE : frequency;
        sellThrough = null == sellThrough ? SellThroughView.NONE : sellThrough;
        prices = null == prices ? StorePriceView.NONE : prices;
    }
}
