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
    private final Object writeLock = new Object();
    private volatile Snapshot snapshot;

    private CatalogRepository(final Path file, final IdMap skuIds, final Snapshot snapshot)
    {
        this.file = file;
        this.skuIds = skuIds;
        this.snapshot = snapshot;
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
        final TreeMap<String, Product> bySku = new TreeMap<>();
        try
        {
            Files.createDirectories(dataDir);
            AtomicFile.removeLeftover(file);
            if (Files.exists(file))
            {
                for (final Product product : ProductCodec.decodeNdjson(Files.readAllBytes(file)))
                {
                    bySku.put(product.sku(), product.withSkuId(skuIds.intern(product.sku())));
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
        return new CatalogRepository(file, skuIds, new Snapshot(bySku, 0));
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
