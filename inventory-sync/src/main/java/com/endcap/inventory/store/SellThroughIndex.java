package com.endcap.inventory.store;

import com.endcap.bidder.stock.SellThroughView;
import org.agrona.concurrent.EpochClock;

/**
 * Recent sell-through per (sku, location), for the decision engine's oversell guard: an
 * exponentially decayed rate of units leaving the shelf, kept by the stock writer from the
 * relative decreases it applies (sales, picks); absolute changes are recounts and do not count.
 * <p>
 * Estimator: with time constant τ, each decrease of {@code u} units adds {@code u / τ} to a rate
 * that otherwise decays by {@code e^(-Δt/τ)}; for a steady λ units an hour it settles at λ, and a
 * burst fades within a few τ. Value word: the rate as a {@code float} (bits 32..63) and the epoch
 * second it was last updated (bits 0..31); readers decay it to their clock's now.
 * <p>
 * Threads: {@link #onDecrease} from the writer thread only; {@link #unitsPerHour} from any
 * thread, lock-free and allocation-free.
 */
public final class SellThroughIndex implements SellThroughView
{
    /** Default time constant: one hour. */
    public static final long DEFAULT_TAU_SECONDS = 3600;

    private final SingleWriterLongTable table;
    private final EpochClock clock;
    private final double tauSeconds;
    private final double tauHours;

    /**
     * @param expectedEntries (sku, location) pairs to size for.
     * @param tauSeconds      time constant, 60 or more.
     * @param clock           readers' now, epoch millis.
     */
    public SellThroughIndex(final int expectedEntries, final long tauSeconds, final EpochClock clock)
    {
        if (tauSeconds < 60)
        {
            throw new IllegalArgumentException("tauSeconds must be >= 60: " + tauSeconds);
        }
        this.table = new SingleWriterLongTable(expectedEntries);
        this.clock = clock;
        this.tauSeconds = tauSeconds;
        this.tauHours = tauSeconds / 3600.0;
    }

    /**
     * Writer thread only: counts units leaving the shelf.
     *
     * @param skuId       dense sku id.
     * @param locationId  dense location id.
     * @param units       units, 1 or more.
     * @param epochSecond when (the change's timestamp).
     */
    public void onDecrease(final int skuId, final int locationId, final int units, final long epochSecond)
    {
        final long key = StockKey.pack(skuId, locationId);
        final long old = table.get(key);
        double rate = 0;
        long at = epochSecond;
        if (SingleWriterLongTable.MISSING != old)
        {
            final long oldAt = old & 0xFFFF_FFFFL;
            rate = decay(Float.intBitsToFloat((int)(old >>> 32)), epochSecond - oldAt);
            at = Math.max(oldAt, epochSecond);
        }
        rate += units / tauHours;
        table.put(key, ((long)Float.floatToIntBits((float)rate) << 32) | (at & 0xFFFF_FFFFL));
    }

    public double unitsPerHour(final int skuId, final int locationId)
    {
        final long value = table.get(StockKey.pack(skuId, locationId));
        if (SingleWriterLongTable.MISSING == value)
        {
            return 0.0;
        }
        final long now = clock.time() / 1000;
        return decay(Float.intBitsToFloat((int)(value >>> 32)), now - (value & 0xFFFF_FFFFL));
    }

    /**
     * @return (sku, location) pairs with a rate.
     */
    public int size()
    {
        return table.size();
    }

    private double decay(final double rate, final long elapsedSeconds)
    {
        return elapsedSeconds <= 0 ? rate : rate * Math.exp(-elapsedSeconds / tauSeconds);
    }
}
