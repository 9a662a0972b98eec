package com.endcap.server.http;

/**
 * Told the status of every response written, for metrics. Called on event loops: must not block
 * or allocate.
 */
@FunctionalInterface
public interface HttpStatusListener
{
    /** Listens to nothing. */
    HttpStatusListener NONE = status -> { };

    /**
     * @param status the HTTP status code written.
     */
    void onResponse(int status);
}
