package com.endcap.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EndcapMainTest
{
    @TempDir
    Path workingDir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out()
    {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }

    private int run(final Map<String, String> env, final String... args)
    {
        return EndcapMain.run(args, env, workingDir, out, err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void helpListsEveryCommandAndSucceeds(final String flag)
    {
        // when
        final int status = run(Map.of(), flag);

        // then
        assertThat(status).isEqualTo(EndcapMain.OK);
        assertThat(out()).contains("Usage: endcap").contains("demo", "serve", "inventory-sync", "import-snapshot")
            .contains("ENDCAP_DATA_DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "serve", "inventory-sync", "import-snapshot"})
    void everyCommandHasHelp(final String command)
    {
        // when
        final int status = run(Map.of(), command, "--help");

        // then
        assertThat(status).isEqualTo(EndcapMain.OK);
        assertThat(out()).contains("Usage: endcap " + command);
    }

    @Test
    void noCommandIsAUsageError()
    {
        assertThat(run(Map.of())).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).contains("a command is needed").contains("Usage: endcap");
    }

    @Test
    void unknownCommandIsNamed()
    {
        assertThat(run(Map.of(), "serve-everything")).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).contains("serve-everything");
    }

    @Test
    void unknownOptionIsAUsageError()
    {
        assertThat(run(Map.of(), "demo", "--port", "9000")).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).contains("--port");
    }

    @Test
    void aBadEnvironmentStopsBeforeTouchingTheDataDirectory()
    {
        // when
        final int status = run(Map.of("ENDCAP_DEMO_CHURN", "lots", "ENDCAP_DATA_DIR", "data"), "demo");

        // then
        assertThat(status).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).contains("endcap.demo.churn must be");
        assertThat(workingDir.resolve("data")).doesNotExist();
    }

    @Test
    void serveNeedsItsSecrets()
    {
        assertThat(run(Map.of("ENDCAP_DATA_DIR", "data"), "serve")).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).contains("endcap.admin-token is required");
    }

    @Test
    void importSnapshotReplacesALocationsStockInAStoreNoServerHolds() throws Exception
    {
        // given: a data directory with one known location
        final Path data = workingDir.resolve("data");
        Files.createDirectories(data);
        try (var store = com.endcap.inventory.InventoryStore.openWriter(com.endcap.inventory.InventoryConfig.defaults(data)
            .withMaxEntries(10_000)))
        {
            store.locationRegistry().upsert(java.util.List.of(
                com.endcap.bidder.location.Location.store(-1, "S042", "Main St", 40.74, -73.99, "America/New_York", "NY")));
        }
        Files.writeString(workingDir.resolve("s042.tsv"), "store_code\tid\tquantity\nS042\t100871\t7\nS042\t100872\t0\n");

        // when
        final int status = run(Map.of("ENDCAP_DATA_DIR", "data"), "import-snapshot", "S042", "s042.tsv");

        // then
        assertThat(status).as(err()).isEqualTo(EndcapMain.OK);
        assertThat(out()).contains("S042: 2 rows applied, 0 skus made unavailable");
        try (var store = com.endcap.inventory.InventoryStore.openWriter(com.endcap.inventory.InventoryConfig.defaults(data)
            .withMaxEntries(10_000)))
        {
            final var record = new com.endcap.inventory.store.StockRecord();
            assertThat(store.readRecord("100871", "S042", record)).isTrue();
            assertThat(record.onHand()).isEqualTo(7);
        }
    }

    @Test
    void importSnapshotNamesTheBadLineAndChangesNothing() throws Exception
    {
        // given
        final Path data = workingDir.resolve("data");
        try (var store = com.endcap.inventory.InventoryStore.openWriter(com.endcap.inventory.InventoryConfig.defaults(data)
            .withMaxEntries(10_000)))
        {
            store.locationRegistry().upsert(java.util.List.of(
                com.endcap.bidder.location.Location.store(-1, "S042", "Main St", 40.74, -73.99, "America/New_York", "NY")));
        }
        Files.writeString(workingDir.resolve("bad.csv"), "store_code,id,quantity\nS042,100871,7\nS042,100872,many\n");

        // when
        final int status = run(Map.of("ENDCAP_DATA_DIR", "data"), "import-snapshot", "S042", "bad.csv");

        // then
        assertThat(status).isEqualTo(EndcapMain.FAILED);
        assertThat(err()).contains("line 3").contains("nothing changed");
    }
}
