package com.endcap.server.admin;

import com.endcap.bidder.catalog.Catalog;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.ids.IdMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The product catalog, by sku, persisted as NDJSON ({@value #FILE_NAME}, the shape of
 * {@link ProductCodec}, ordered by sku) in a data directory, replaced atomically on every change.
 * Each product's dense sku id comes from the shared {@link IdMap} (the stock store's), so the
 * catalog and stock agree on ids; ids are not stored in the file but interned again on open.
 * <p>
 * Threads: any. Reads ({@link #get}, {@link #catalog}, {@link #size}, {@link #version}) never
 * lock: they see an immutable snapshot, whose {@link Catalog} is built once per change. Changes
 * are serialised; each is durable before it becomes visible, and a change whose write fails
 * leaves memory and the file as they were (skus it interned stay interned: ids are append-only).
 * <p>
 * {@link #version()} starts at 0 when opened and grows by one per visible change. One process per
 * data directory.
 */
public final class CatalogRepository
{
    /** Name of the file in the data directory. */
    public static final String FILE_NAME = "catalog.ndjson";

    private final Path file;
    private final IdMap skuIds;
    private final boolean readOnly;
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;
    private long loadedStamp;

    private CatalogRepository(final Path file, final IdMap skuIds, final boolean readOnly, final Snapshot snapshot)
    {
        this.file = file;
        this.skuIds = skuIds;
        this.readOnly = readOnly;
        this.snapshot = snapshot;
        this.loadedStamp = stamp(file);
    }

    /**
     * Opens the catalog another process writes (the stock writer's data directory), for reading:
     * sku ids are looked up, not interned; a product whose sku has no id yet is left out until a
     * {@link #reload()} after the writer interned it.
     *
     * @param dataDir the data directory.
     * @param skuIds  the writer's sku ids, read-only.
     * @return the repository; {@link #upsert} refuses.
     */
    public static CatalogRepository openReadOnly(final Path dataDir, final IdMap skuIds)
    {
        final Path file = dataDir.resolve(FILE_NAME);
        return new CatalogRepository(file, skuIds, true, new Snapshot(load(file, skuIds, false), 0));
    }

    /**
     * Re-reads the file when it changed since the last load (read-only repositories follow the
     * writer this way).
     *
     * @return true when the catalog changed.
     */
    public boolean reload()
    {
        synchronized (writeLock)
        {
            final long now = stamp(file);
            if (now == loadedStamp)
            {
                return false;
            }
            final TreeMap<String, Product> bySku = load(file, skuIds, !readOnly);
            loadedStamp = now;
            snapshot = new Snapshot(bySku, snapshot.version + 1);
            return true;
        }
    }

    /**
     * @return true when opened with {@link #openReadOnly}.
     */
    public boolean readOnly()
    {
        return readOnly;
    }

    private static long stamp(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file) : 0;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static TreeMap<String, Product> load(final Path file, final IdMap skuIds, final boolean intern)
    {
        final TreeMap<String, Product> bySku = new TreeMap<>();
        try
        {
            if (Files.exists(file))
            {
                for (final Product product : ProductCodec.decodeNdjson(Files.readAllBytes(file)))
                {
                    final int id = intern ? skuIds.intern(product.sku()) : skuIds.idOf(product.sku());
                    if (id >= 0)
                    {
                        bySku.put(product.sku(), product.withSkuId(id));
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot load the catalog from " + file, ex);
        }
        catch (final InvalidInputException ex)
        {
            throw new IllegalStateException("invalid product in " + file + ": " + ex.getMessage(), ex);
        }
        return bySku;
    }

    /**
     * Opens the catalog of a data directory, creating the directory when absent and loading
     * {@value #FILE_NAME} when present, interning every sku.
     *
     * @param dataDir the data directory.
     * @param skuIds  dense sku ids, shared with the stock store.
     * @return the repository.
     * @throws UncheckedIOException  when the directory or file cannot be read.
     * @throws IllegalStateException when the file holds an invalid product (refusing to start rather
     *                               than drop it).
     */
    public static CatalogRepository open(final Path dataDir, final IdMap skuIds)
    {
        Objects.requireNonNull(skuIds, "skuIds");
        final Path file = dataDir.resolve(FILE_NAME);
        try
        {
            Files.createDirectories(dataDir);
            AtomicFile.removeLeftover(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prepare the catalog file " + file, ex);
        }
        return new CatalogRepository(file, skuIds, false, new Snapshot(load(file, skuIds, true), 0));
    }

    /**
     * Adds products or replaces those with the same sku, durably and all together. Each stored
     * product is {@code product.withSkuId(skuIds.intern(product.sku()))}; a later product in the
     * list wins over an earlier one with the same sku.
     *
     * @param products the products (their sku ids are ignored).
     * @return how many skus were new to the catalog.
     * @throws IllegalArgumentException when a product would not read back from the file (it breaks
     *                                  a {@link ProductCodec} rule) or its sku cannot be interned;
     *                                  nothing changes.
     * @throws UncheckedIOException     when the file cannot be written; nothing changes.
     */
    public int upsert(final List<Product> products)
    {
        if (readOnly)
        {
            throw new IllegalStateException("the catalog is managed by the stock writer's process (inventory-sync)");
        }
        for (final Product product : products)
        {
            checkStorable(product);
        }
        if (products.isEmpty())
        {
            return 0;
        }
        synchronized (writeLock)
        {
            final Snapshot current = snapshot;
            final TreeMap<String, Product> next = new TreeMap<>(current.bySku);
            int added = 0;
            for (final Product product : products)
            {
                final Product stored = product.withSkuId(skuIds.intern(product.sku()));
                if (null == next.put(stored.sku(), stored))
                {
                    added++;
                }
            }
            final Snapshot candidate = new Snapshot(next, current.version + 1);
            try
            {
                AtomicFile.write(file, out -> ProductCodec.encodeNdjson(candidate.bySku.values(), out));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write the catalog to " + file, ex);
            }
            snapshot = candidate;
            loadedStamp = stamp(file);
            return added;
        }
    }

    /**
     * @param sku retailer sku.
     * @return the product with its dense sku id, or null.
     */
    public Product get(final String sku)
    {
        return snapshot.bySku.get(sku);
    }

    /**
     * @return the catalog of every product; the same instance until the next change.
     */
    public Catalog catalog()
    {
        return snapshot.catalog;
    }

    /**
     * @return number of products.
     */
    public int size()
    {
        return snapshot.bySku.size();
    }

    /**
     * @return 0 when opened, plus one per visible change.
     */
    public long version()
    {
        return snapshot.version;
    }

    /**
     * @return the file the catalog is persisted in.
     */
    public Path file()
    {
        return file;
    }

    private static void checkStorable(final Product product)
    {
        Objects.requireNonNull(product, "product");
        final byte[] json = ProductCodec.encode(product);
        final Product readBack;
        try
        {
            readBack = ProductCodec.decodeLine(json, 0, json.length, 1);
        }
        catch (final InvalidInputException ex)
        {
            throw new IllegalArgumentException("product " + product.sku() + " cannot be stored: " + ex.getMessage(), ex);
        }
        if (!readBack.equals(product.withSkuId(-1)))
        {
            throw new IllegalArgumentException("product " + product.sku() + " cannot be stored: it would not read back equal");
        }
    }

    /** An immutable view: products by sku and the catalog built from them. */
    private static final class Snapshot
    {
        private final Map<String, Product> bySku;
        private final Catalog catalog;
        private final long version;

        Snapshot(final TreeMap<String, Product> bySku, final long version)
        {
            this.bySku = Collections.unmodifiableMap(bySku);
            this.catalog = bySku.isEmpty() ? Catalog.EMPTY : new Catalog(new ArrayList<>(bySku.values()));
            this.version = version;
        }
    }
}
