package com.endcap.bidder.stock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link StockView} keeps, run against each implementation: the in-memory fake
 * used by bidder tests and the Chronicle-backed store in inventory-sync.
 */
public abstract class StockViewConformanceTest
{
    /** Epoch second used as "now" by the cases. */
    protected static final long NOW = 1_763_900_000L;

    /**
     * @return the view under test, reflecting every {@link #givenStock} made so far.
     */
    protected abstract StockView target();

    /**
     * Brings (sku, location) to the given level through the implementation's own write path.
     *
     * @param skuId                dense sku id.
     * @param locationId           dense location id.
     * @param onHand               units on hand.
     * @param reserved             units reserved.
     * @param safetyStock          units held back.
     * @param attributes           attribute bits.
     * @param updatedAtEpochSecond time of the change.
     */
    protected abstract void givenStock(
        int skuId, int locationId, int onHand, int reserved, int safetyStock, int attributes, long updatedAtEpochSecond);

    @Test
    void availableIsNoRecordForUnknownSkuAndLocation()
    {
        assertThat(target().available(7, 3)).isEqualTo(StockView.NO_RECORD);
        assertThat(target().read(7, 3, new StockLevel())).isFalse();
    }

    @ParameterizedTest(name = "onHand={0} reserved={1} safety={2} -> ATP {3}")
    @CsvSource({
        "10, 0, 0, 10",
        "10, 3, 0, 7",
        "10, 3, 2, 5",
        "5, 3, 2, 0",
        "2, 3, 2, 0",
        "-4, 0, 0, 0",
        "0, 0, 0, 0",
        "100000, 1, 1, 99998"
    })
    void availableIsOnHandLessReservedLessSafetyNeverNegative(
        final int onHand, final int reserved, final int safety, final int expectedAtp)
    {
        givenStock(11, 2, onHand, reserved, safety, 0, NOW);

        assertThat(target().available(11, 2)).isEqualTo(expectedAtp);
    }

    @Test
    void readFillsAvailableAttributesAndTimeOfLastChange()
    {
        final int attributes = StockAttributes.pack(true, false, StockAttributes.SLA_SAME_DAY, StockAttributes.METHOD_BUY);
        givenStock(5, 9, 4, 1, 0, attributes, NOW - 30);

        final StockLevel level = new StockLevel();
        assertThat(target().read(5, 9, level)).isTrue();

        assertThat(level.available()).isEqualTo(3);
        assertThat(level.attributes()).isEqualTo(attributes);
        assertThat(level.updatedAtEpochSecond()).isEqualTo(NOW - 30);
    }

    @Test
    void recordsAreKeyedByBothSkuAndLocation()
    {
        givenStock(1, 2, 8, 0, 0, 0, NOW);
        givenStock(2, 1, 3, 0, 0, 0, NOW);

        assertThat(target().available(1, 2)).isEqualTo(8);
        assertThat(target().available(2, 1)).isEqualTo(3);
        assertThat(target().available(1, 1)).isEqualTo(StockView.NO_RECORD);
        assertThat(target().available(2, 2)).isEqualTo(StockView.NO_RECORD);
    }

    @Test
    void laterLevelReplacesEarlier()
    {
        givenStock(4, 4, 9, 0, 0, 0, NOW - 10);
        givenStock(4, 4, 0, 0, 0, 0, NOW);

        assertThat(target().available(4, 4)).isZero();
    }

    @Test
    void filterAvailableKeepsCandidatesAtOrAboveMinUnitsInCandidateOrder()
    {
        givenStock(10, 1, 5, 0, 0, 0, NOW);
        givenStock(11, 1, 1, 0, 0, 0, NOW);
        givenStock(12, 1, 3, 0, 0, 0, NOW);
        givenStock(13, 2, 9, 0, 0, 0, NOW);

        final int[] candidates = {13, 12, 11, 99, 10};
        final int[] out = new int[candidates.length];
        final int found = target().filterAvailable(1, candidates, candidates.length, 3, 0, out);

        assertThat(found).isEqualTo(2);
        assertThat(out[0]).isEqualTo(1);
        assertThat(out[1]).isEqualTo(4);
    }

    @Test
    void filterAvailableDropsStaleStock()
    {
        givenStock(20, 1, 5, 0, 0, 0, NOW - 600);
        givenStock(21, 1, 5, 0, 0, 0, NOW - 10);

        final int[] candidates = {20, 21};
        final int[] out = new int[2];
        final int found = target().filterAvailable(1, candidates, 2, 1, NOW - 300, out);

        assertThat(found).isEqualTo(1);
        assertThat(candidates[out[0]]).isEqualTo(21);
    }

    @Test
    void filterAvailableReadsOnlyTheFirstCountCandidates()
    {
        givenStock(30, 1, 5, 0, 0, 0, NOW);
        givenStock(31, 1, 5, 0, 0, 0, NOW);

        final int[] candidates = {30, 31};
        final int[] out = new int[2];

        assertThat(target().filterAvailable(1, candidates, 1, 1, 0, out)).isEqualTo(1);
        assertThat(target().filterAvailable(1, candidates, 0, 1, 0, out)).isZero();
    }
}
