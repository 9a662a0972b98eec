package com.endcap.inventory.location;

import com.endcap.bidder.location.Location;
import com.endcap.bidder.location.LocationDirectory;
import com.endcap.inventory.ids.IdDictionary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores and warehouses by dense id and by code. Reads are lock-free over an immutable view
 * published with one volatile write; changes (rare, admin-driven) are serialised and rewrite the
 * {@code locations.ndjson} file atomically (write aside, then rename).
 * <p>
 * Dense ids come from the store's location {@link IdDictionary}, so a location keeps its id when
 * it is re-registered and stock already keyed by it stays attached.
 */
public final class LocationRegistry implements LocationDirectory
{
    /** File of the registry inside the data directory. */
    public static final String FILE = "locations.ndjson";

    private record View(Location[] byId, Map<String, Location> byCode)
    {
    }

    private final Path file;
    private final IdDictionary ids;
    private volatile View view = new View(new Location[0], Map.of());

    /**
     * @param dataDir directory holding {@link #FILE}.
     * @param ids     the location id dictionary.
     */
    public LocationRegistry(final Path dataDir, final IdDictionary ids)
    {
        this.file = dataDir.resolve(FILE);
        this.ids = ids;
        reload();
    }

    /**
     * Re-reads the file (a reader process following the writer's changes).
     */
    public synchronized void reload()
    {
        if (!Files.exists(file))
        {
            return;
        }
        try (InputStream in = Files.newInputStream(file))
        {
            publish(LocationCodec.decode(in), false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        catch (final LocationCodec.InvalidLocationException ex)
        {
            throw new IllegalStateException("corrupt " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Adds or replaces locations (matched by code) and persists the registry.
     *
     * @param locations decoded locations; their ids are ignored.
     * @return the stored locations with their dense ids, in input order.
     */
    public synchronized List<Location> upsert(final Collection<Location> locations)
    {
        return publish(locations, true);
    }

    /**
     * @param id dense id.
     * @return the location, or null.
     */
    public Location byId(final int id)
    {
        final Location[] byId = view.byId;
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /**
     * @param code the retailer's location code.
     * @return the location, or null.
     */
    public Location byCode(final String code)
    {
        return view.byCode.get(code);
    }

    /**
     * @return every location, by id.
     */
    public List<Location> all()
    {
        final List<Location> all = new ArrayList<>();
        for (final Location location : view.byId)
        {
            if (null != location)
            {
                all.add(location);
            }
        }
        return all;
    }

    private List<Location> publish(final Collection<Location> locations, final boolean persist)
    {
        final View current = view;
        final Map<String, Location> byCode = new HashMap<>(current.byCode);
        final List<Location> stored = new ArrayList<>(locations.size());
        int maxId = current.byId.length - 1;
        for (final Location location : locations)
        {
            final int id = ids.intern(location.code());
            final Location withId = new Location(
                id, location.code(), location.kind(), location.name(), location.lat(), location.lon(),
                location.timezone(), location.region(), location.regions(), location.shipDays());
            byCode.put(withId.code(), withId);
            stored.add(withId);
            maxId = Math.max(maxId, id);
        }
        final Location[] byId = new Location[maxId + 1];
        for (final Location location : byCode.values())
        {
            byId[location.id()] = location;
        }
        final View next = new View(byId, Map.copyOf(byCode));
        if (persist)
        {
            write(next);
        }
        view = next;
        return stored;
    }

    private void write(final View next)
    {
        final Path aside = file.resolveSibling(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(aside))
        {
            final List<Location> ordered = new ArrayList<>();
            for (final Location location : next.byId)
            {
                if (null != location)
                {
                    ordered.add(location);
                }
            }
            LocationCodec.encode(ordered, out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + aside, ex);
        }
        try
        {
            Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot replace " + file, ex);
        }
    }
}
