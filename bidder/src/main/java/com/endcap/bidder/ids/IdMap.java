package com.endcap.bidder.ids;

/**
 * Dense int ids for external string ids (skus, locations), shared with the stock store so a sku
 * id here is the sku id stock is keyed by. Implementations are thread-safe.
 */
public interface IdMap
{
    /** Returned by {@link #idOf} for an id never interned. */
    int MISSING = -1;

    /**
     * @param name external id.
     * @return the dense id, adding it when new.
     */
    int intern(String name);

    /**
     * @param name external id.
     * @return the dense id, or {@link #MISSING}.
     */
    int idOf(String name);

    /**
     * @param id dense id.
     * @return the external id, or null.
     */
    String nameOf(int id);
}
