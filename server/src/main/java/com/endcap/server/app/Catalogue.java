package com.endcap.server.app;

import com.endcap.bidder.campaign.Campaign;
import com.endcap.bidder.catalog.Product;
import com.endcap.bidder.decision.DecisionEngine;
import com.endcap.bidder.delivery.DeliveryLedger;
import com.endcap.bidder.ids.IdMap;
import com.endcap.bidder.index.AdIndex;
import com.endcap.bidder.location.Location;
import com.endcap.bidder.segment.SegmentDictionary;
import com.endcap.inventory.location.LocationRegistry;
import com.endcap.server.admin.CampaignRepository;
import com.endcap.server.admin.CatalogRepository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What marketers and merchandisers change through the admin API (campaigns, the catalog,
 * locations), persisted in the data directory, and the engine's ad index kept in step with it.
 * <p>
 * Every change builds the new index first (so a change the engine cannot index changes nothing),
 * then persists, then publishes: the change is visible to the very next decision after the call
 * returns. Changes are serialised here; decisions never wait for them.
 */
public final class Catalogue
{
    private final CampaignRepository campaigns;
    private final CatalogRepository catalog;
    private final LocationRegistry locations;
    private final DecisionEngine engine;
    private final IdMap skuIds;
    private final SegmentDictionary dictionary;
    private final DeliveryLedger ledger;

    /**
     * @param campaigns  the campaigns.
     * @param catalog    the catalog.
     * @param locations  the stores and warehouses.
     * @param engine     the engine to publish to, or null where nothing decides (inventory-sync).
     * @param skuIds     sku ids shared with the stock store.
     * @param dictionary segment dictionary.
     * @param ledger     delivery counters.
     */
    public Catalogue(
        final CampaignRepository campaigns, final CatalogRepository catalog, final LocationRegistry locations,
        final DecisionEngine engine, final IdMap skuIds, final SegmentDictionary dictionary, final DeliveryLedger ledger)
    {
        this.campaigns = campaigns;
        this.catalog = catalog;
        this.locations = locations;
        this.engine = engine;
        this.skuIds = skuIds;
        this.dictionary = dictionary;
        this.ledger = ledger;
    }

    /**
     * Rebuilds the index from what is stored and publishes it.
     *
     * @return the published index, or null without an engine.
     */
    public synchronized AdIndex rebuild()
    {
        if (null == engine)
        {
            return null;
        }
        final AdIndex index = build(campaigns.all(), locations.all());
        publish(index);
        return index;
    }

    /**
     * Follows the files another process writes (a reader of an inventory-sync's data directory):
     * re-reads locations and catalog, and rebuilds the index when either changed.
     *
     * @return true when something changed.
     */
    public synchronized boolean follow()
    {
        final List<Location> before = locations.all();
        locations.reload();
        final boolean catalogChanged = catalog.reload();
        if (catalogChanged || !before.equals(locations.all()))
        {
            rebuild();
            return true;
        }
        return false;
    }

    /**
     * Adds or replaces a campaign.
     *
     * @param campaign the campaign.
     * @return true when it replaced one.
     * @throws IllegalArgumentException when it cannot be indexed or stored; nothing changes.
     */
    public synchronized boolean putCampaign(final Campaign campaign)
    {
        final Map<String, Campaign> next = new TreeMap<>();
        for (final Campaign existing : campaigns.all())
        {
            next.put(existing.id(), existing);
        }
        next.put(campaign.id(), campaign);
        final AdIndex index = build(next.values(), locations.all());
        final boolean replaced = campaigns.put(campaign);
        publish(index);
        return replaced;
    }

    /**
     * Adds or replaces many campaigns with one index build (loading a retailer).
     *
     * @param batch the campaigns.
     * @throws IllegalArgumentException when one cannot be indexed or stored.
     */
    public synchronized void putCampaigns(final Collection<Campaign> batch)
    {
        final Map<String, Campaign> next = new TreeMap<>();
        for (final Campaign existing : campaigns.all())
        {
            next.put(existing.id(), existing);
        }
        for (final Campaign campaign : batch)
        {
            next.put(campaign.id(), campaign);
        }
        final AdIndex index = build(next.values(), locations.all());
        campaigns.putAll(batch);
        publish(index);
    }

    /**
     * @return how many campaigns are stored.
     */
    public int campaignCount()
    {
        return campaigns.size();
    }

    /**
     * @return how many products are stored.
     */
    public int productCount()
    {
        return catalog.size();
    }

    /**
     * @param id campaign id.
     * @return true when there was one.
     */
    public synchronized boolean deleteCampaign(final String id)
    {
        if (null == campaigns.get(id))
        {
            return false;
        }
        final List<Campaign> next = new ArrayList<>(campaigns.all());
        next.removeIf(c -> c.id().equals(id));
        final AdIndex index = build(next, locations.all());
        campaigns.delete(id);
        publish(index);
        return true;
    }

    /**
     * @param products products to add or replace.
     * @return how many were new.
     */
    public synchronized int upsertProducts(final List<Product> products)
    {
        if (catalog.readOnly())
        {
            throw new UnsupportedOperationException(
                "this server reads the stock store of an inventory-sync process: upload the catalog there");
        }
        final int added = catalog.upsert(products);
        rebuild();
        return added;
    }

    /**
     * @param changed locations to add or replace.
     * @return the stored locations with their ids.
     */
    public synchronized List<Location> upsertLocations(final Collection<Location> changed)
    {
        if (catalog.readOnly())
        {
            throw new UnsupportedOperationException(
                "this server reads the stock store of an inventory-sync process: upload locations there");
        }
        final List<Location> stored = locations.upsert(changed);
        rebuild();
        return stored;
    }

    /**
     * @return the campaigns, by id.
     */
    public List<Campaign> campaigns()
    {
        return campaigns.all();
    }

    /**
     * @param id campaign id.
     * @return the campaign, or null.
     */
    public Campaign campaign(final String id)
    {
        return campaigns.get(id);
    }

    /**
     * @param sku retailer sku.
     * @return the product, or null.
     */
    public Product product(final String sku)
    {
        return catalog.get(sku);
    }

    /**
     * @return every location.
     */
    public List<Location> locations()
    {
        return locations.all();
    }

    /**
     * @return true when campaigns, catalog and locations all hold something.
     */
    public boolean loaded()
    {
        return campaigns.size() > 0 && catalog.size() > 0 && !locations.all().isEmpty();
    }

    private void publish(final AdIndex index)
    {
        if (null != engine)
        {
            engine.publish(index);
        }
    }

    private AdIndex build(final Collection<Campaign> withCampaigns, final Collection<Location> withLocations)
    {
        return AdIndex.build(withCampaigns, catalog.catalog(), skuIds, withLocations, dictionary, ledger,
            AdIndex.DEFAULT_MAX_SKUS_PER_AD);
    }
}
