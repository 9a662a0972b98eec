package com.endcap.server.demo;

import com.endcap.inventory.InventoryConfig;
import com.endcap.inventory.InventoryStore;

import java.nio.file.Path;

/** Opens real stock stores for the demo tests, sized small. */
final class DemoStores
{
    private DemoStores()
    {
    }

    static InventoryStore openWriter(final Path dir)
    {
        return InventoryStore.openWriter(InventoryConfig.defaults(dir).withMaxEntries(200_000));
    }
}
