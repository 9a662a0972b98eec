package com.endcap.bidder.location;

import java.util.List;

/**
 * The read port for stores and warehouses. Implementations publish immutable views, so reads are
 * lock-free from any thread.
 */
public interface LocationDirectory
{
    /**
     * @param id dense location id.
     * @return the location, or null.
     */
    Location byId(int id);

    /**
     * @param code the retailer's location code.
     * @return the location, or null.
     */
    Location byCode(String code);

    /**
     * @return every location (allocates; index build and admin only).
     */
    List<Location> all();
}
