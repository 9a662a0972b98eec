package com.endcap.server.http;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What health checks and graceful shutdown need to know: whether the server is ready (stock,
 * catalog and campaigns loaded), whether it is draining, and how many requests are in flight
 * (Netty's own shutdown does not wait for them, so the dispatcher counts). Any thread.
 */
public final class ServerState
{
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * Marks the server ready (or not).
     *
     * @param value true once everything is loaded.
     */
    public void ready(final boolean value)
    {
        ready.set(value);
    }

    /**
     * @return true when ready and not draining: what {@code /health/ready} answers 200 for.
     */
    public boolean isReady()
    {
        return ready.get() && !draining.get();
    }

    /**
     * Starts draining: readiness turns 503 and keep-alive connections close after their next response.
     */
    public void drain()
    {
        draining.set(true);
    }

    /**
     * @return true while draining.
     */
    public boolean isDraining()
    {
        return draining.get();
    }

    /**
     * @return requests being answered now.
     */
    public int inFlight()
    {
        return inFlight.get();
    }

    /**
     * @return open client connections.
     */
    public int connections()
    {
        return connections.get();
    }

    void requestStarted()
    {
        inFlight.incrementAndGet();
    }

    void requestFinished()
    {
        inFlight.decrementAndGet();
    }

    int connectionOpened()
    {
        return connections.incrementAndGet();
    }

    void connectionClosed()
    {
        connections.decrementAndGet();
    }
}
