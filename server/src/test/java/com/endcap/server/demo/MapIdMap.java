package com.endcap.server.demo;

import com.endcap.bidder.ids.IdMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link IdMap} for demo tests: ids 0, 1, 2 ... in first-seen order. Not thread-safe. */
final class MapIdMap implements IdMap
{
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    @Override
    public int intern(final String name)
    {
        return ids.computeIfAbsent(name, key ->
        {
            names.add(key);
            return names.size() - 1;
        });
    }

    @Override
    public int idOf(final String name)
    {
        return ids.getOrDefault(name, MISSING);
    }

    @Override
    public String nameOf(final int id)
    {
        return id >= 0 && id < names.size() ? names.get(id) : null;
    }
}
