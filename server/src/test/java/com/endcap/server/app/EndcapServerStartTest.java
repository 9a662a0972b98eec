package com.endcap.server.app;

import com.endcap.inventory.InventoryStore;
import com.endcap.server.config.ServerConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start-up opens the stock store beside the campaigns: a failure of either still stops the start
 * with the error it always gave, the store's first, and leaves nothing open behind.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndcapServerStartTest
{
    @TempDir
    Path dir;

    private ServerConfig config() throws Exception
    {
        final Path file = dir.resolve("endcap.conf");
        Files.writeString(file, "endcap { port = 0, inventory.max-entries = 10000 }\n");
        return ServerConfig.load(file, Map.of("ENDCAP_DATA_DIR", dir.resolve("data").toString(),
            "ENDCAP_ADMIN_TOKEN", ServerFixture.ADMIN_TOKEN, "ENDCAP_SIGNING_KEY", ServerFixture.SIGNING_KEY), dir);
    }

    @Test
    void invalidCampaignsStopTheStartAndTheStoreItOpenedIsClosedAgain() throws Exception
    {
        // given
        final ServerConfig config = config();
        Files.createDirectories(config.dataDir());
        Files.writeString(config.dataDir().resolve("campaigns.json"), "[{\"id\": 42");

        // when / then
        assertThatThrownBy(() -> EndcapServer.start(config, SystemEpochClock.INSTANCE, null))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("invalid campaigns");
        try (InventoryStore reopened = InventoryStore.openWriter(config.inventory()))
        {
            assertThat(reopened.recovered()).isFalse();
        }
    }

    @Test
    void aStoreThatCannotOpenIsReportedBeforeTheCampaigns() throws Exception
    {
        // given: another writer holds the directory, and the campaigns file is broken too
        final ServerConfig config = config();
        try (InventoryStore other = InventoryStore.openWriter(config.inventory()))
        {
            Files.writeString(config.dataDir().resolve("campaigns.json"), "[{\"id\": 42");

            // when / then
            assertThatThrownBy(() -> EndcapServer.start(config, SystemEpochClock.INSTANCE, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("writer.lock")
                .satisfies(error -> assertThat(error.getSuppressed()).singleElement()
                    .satisfies(campaigns -> assertThat(campaigns).hasMessageContaining("invalid campaigns")));
            assertThat(other.records().size()).isZero();
        }
    }

    @Test
    void aServerStartsAgainOnTheDirectoryItClosed() throws Exception
    {
        final ServerConfig config = config();
        try (EndcapServer first = EndcapServer.start(config, SystemEpochClock.INSTANCE, null))
        {
            assertThat(first.port()).isPositive();
        }

        try (EndcapServer second = EndcapServer.start(config, SystemEpochClock.INSTANCE, null))
        {
            assertThat(second.store().recovered()).isFalse();
        }
    }
}
