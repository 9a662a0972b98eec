package com.endcap.server.admin;

import com.endcap.bidder.campaign.Campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The campaigns, by id, persisted as one JSON array file ({@value #FILE_NAME}, the shape of
 * {@link CampaignCodec}) in a data directory, replaced atomically on every change.
 * <p>
 * Threads: any. Reads ({@link #all}, {@link #get}, {@link #version}) never lock: they see an
 * immutable snapshot. Changes are serialised; each is durable (written, fsynced and renamed into
 * place) before it becomes visible in memory, and a change whose write fails leaves both memory
 * and the file as they were.
 * <p>
 * {@link #version()} starts at 0 when opened and grows by one per visible change, so a reader that
 * builds something from the campaigns (the ad index) rebuilds when it differs from the version it
 * built from. One process per data directory.
 */
public final class CampaignRepository
{
    /** Name of the file in the data directory. */
    public static final String FILE_NAME = "campaigns.json";

    private final Path file;
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;

    private CampaignRepository(final Path file, final Snapshot snapshot)
    {
        this.file = file;
        this.snapshot = snapshot;
    }

    /**
     * Opens the repository of a data directory, creating the directory when absent and loading
     * {@value #FILE_NAME} when present.
     *
     * @param dataDir the data directory.
     * @return the repository.
     * @throws UncheckedIOException  when the directory or file cannot be read.
     * @throws IllegalStateException when the file holds invalid campaigns (refusing to start rather
     *                               than drop them).
     */
    public static CampaignRepository open(final Path dataDir)
    {
        final Path file = dataDir.resolve(FILE_NAME);
        final TreeMap<String, Campaign> byId = new TreeMap<>();
        try
        {
            Files.createDirectories(dataDir);
            AtomicFile.removeLeftover(file);
            if (Files.exists(file))
            {
                try (InputStream in = Files.newInputStream(file))
                {
                    for (final Campaign campaign : CampaignCodec.decodeArray(in))
                    {
                        byId.put(campaign.id(), campaign);
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot load campaigns from " + file, ex);
        }
        catch (final InvalidInputException ex)
        {
            throw new IllegalStateException("invalid campaigns in " + file + ": " + ex.getMessage(), ex);
        }
        return new CampaignRepository(file, new Snapshot(byId, 0));
    }

    /**
     * @return every campaign, sorted by id; an immutable snapshot.
     */
    public List<Campaign> all()
    {
        return snapshot.sorted;
    }

    /**
     * @param id campaign id.
     * @return the campaign, or null.
     */
    public Campaign get(final String id)
    {
        return snapshot.byId.get(id);
    }

    /**
     * @return number of campaigns.
     */
    public int size()
    {
        return snapshot.sorted.size();
    }

    /**
     * @return 0 when opened, plus one per visible change.
     */
    public long version()
    {
        return snapshot.version;
    }

    /**
     * @return the file the campaigns are persisted in.
     */
    public Path file()
    {
        return file;
    }

    /**
     * Adds a campaign or replaces the one with its id, durably. Storing a campaign equal to the
     * stored one writes nothing and keeps the version.
     *
     * @param campaign the campaign.
     * @return true when it replaced a campaign with the same id.
     * @throws IllegalArgumentException when the campaign would not read back equal from the file (it
     *                                  breaks a {@link CampaignCodec} rule); nothing changes.
     * @throws UncheckedIOException     when the file cannot be written; nothing changes.
     */
    public boolean put(final Campaign campaign)
    {
        Objects.requireNonNull(campaign, "campaign");
        checkStorable(campaign);
        synchronized (writeLock)
        {
            final Snapshot current = snapshot;
            final Campaign previous = current.byId.get(campaign.id());
            if (campaign.equals(previous))
            {
                return true;
            }
            final TreeMap<String, Campaign> next = new TreeMap<>(current.byId);
            next.put(campaign.id(), campaign);
            commit(next, current.version);
            return null != previous;
        }
    }

    /**
     * Adds or replaces many campaigns with one durable write, all or nothing (loading a retailer).
     *
     * @param campaigns the campaigns; a later one wins over an earlier one with the same id.
     * @throws IllegalArgumentException when one would not read back equal; nothing changes.
     * @throws UncheckedIOException     when the file cannot be written; nothing changes.
     */
    public void putAll(final java.util.Collection<Campaign> campaigns)
    {
        for (final Campaign campaign : campaigns)
        {
            checkStorable(Objects.requireNonNull(campaign, "campaign"));
        }
        synchronized (writeLock)
        {
            final Snapshot current = snapshot;
            final TreeMap<String, Campaign> next = new TreeMap<>(current.byId);
            for (final Campaign campaign : campaigns)
            {
                next.put(campaign.id(), campaign);
            }
            if (!next.equals(current.byId))
            {
                commit(next, current.version);
            }
        }
    }

    /**
     * Removes a campaign, durably.
     *
     * @param id campaign id.
     * @return true when there was one to remove.
     * @throws UncheckedIOException when the file cannot be written; nothing changes.
     */
    public boolean delete(final String id)
    {
        synchronized (writeLock)
        {
            final Snapshot current = snapshot;
            if (!current.byId.containsKey(id))
            {
                return false;
            }
            final TreeMap<String, Campaign> next = new TreeMap<>(current.byId);
            next.remove(id);
            commit(next, current.version);
            return true;
        }
    }

    private void commit(final TreeMap<String, Campaign> next, final long version)
    {
        final Snapshot candidate = new Snapshot(next, version + 1);
        try
        {
            AtomicFile.write(file, out -> CampaignCodec.encodeArray(candidate.sorted, out, true));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write campaigns to " + file, ex);
        }
        snapshot = candidate;
    }

    private static void checkStorable(final Campaign campaign)
    {
        final Campaign readBack;
        try
        {
            readBack = CampaignCodec.decode(CampaignCodec.encode(campaign));
        }
        catch (final InvalidInputException ex)
        {
            throw new IllegalArgumentException("campaign " + campaign.id() + " cannot be stored: " + ex.getMessage(), ex);
        }
        if (!readBack.equals(campaign))
        {
            throw new IllegalArgumentException(
                "campaign " + campaign.id() + " cannot be stored: it would not read back equal (an ad's geo scope " +
                "may combine a radius, stores and regions; the admin shape holds one)");
        }
    }

    /** An immutable view: campaigns by id and sorted by id. */
    private static final class Snapshot
    {
        private final Map<String, Campaign> byId;
        private final List<Campaign> sorted;
        private final long version;

        Snapshot(final TreeMap<String, Campaign> byId, final long version)
        {
            this.byId = Collections.unmodifiableMap(byId);
            this.sorted = List.copyOf(byId.values());
            this.version = version;
        }
    }
}
