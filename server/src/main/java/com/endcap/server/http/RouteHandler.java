package com.endcap.server.http;

/**
 * Answers the requests of one route. Called on the connection's event loop; must never block.
 * It answers by calling {@link Exchange#respond} exactly once, then or later from any thread
 * (work that may block goes to another thread and responds from there).
 */
@FunctionalInterface
public interface RouteHandler
{
    /**
     * @param exchange the request and the way to answer it.
     * @throws Exception anything unexpected: answered as a 500 in the JSON error shape.
     */
    void handle(Exchange exchange) throws Exception;

    /**
     * @return true when {@link #handle} always answers before it returns, on the event loop, and
     *         keeps no reference to the exchange: the dispatcher then gives the same exchange
     *         object to a later request of the connection. False by default.
     */
    default boolean answersInline()
    {
        return false;
    }
}
