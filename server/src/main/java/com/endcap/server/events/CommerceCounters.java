package com.endcap.server.events;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Shopping events from the retailer's systems (add to cart, purchases online and in store), kept
 * per channel: the denominators and revenue the measurement reports start from. Any thread.
 */
public final class CommerceCounters
{
    private final ConcurrentHashMap<String, LongAdder> addToCarts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> purchases = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> revenueCents = new ConcurrentHashMap<>();

    /**
     * @param channel where it happened.
     */
    public void addToCart(final String channel)
    {
        addToCarts.computeIfAbsent(channel, c -> new LongAdder()).increment();
    }

    /**
     * @param channel      where it happened.
     * @param revenueCents order value in cents.
     */
    public void purchase(final String channel, final long revenueCents)
    {
        purchases.computeIfAbsent(channel, c -> new LongAdder()).increment();
        this.revenueCents.computeIfAbsent(channel, c -> new LongAdder()).add(revenueCents);
    }

    /**
     * @return add-to-carts by channel.
     */
    public Map<String, Long> addToCarts()
    {
        return copy(addToCarts);
    }

    /**
     * @return purchases by channel.
     */
    public Map<String, Long> purchases()
    {
        return copy(purchases);
    }

    /**
     * @return revenue in cents by channel.
     */
    public Map<String, Long> revenueCents()
    {
        return copy(revenueCents);
    }

    private static Map<String, Long> copy(final ConcurrentHashMap<String, LongAdder> values)
    {
        final Map<String, Long> copy = new TreeMap<>();
        values.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
