package com.endcap.inventory;

import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.feed.SnapshotFormat;
import com.endcap.inventory.feed.SnapshotFormatException;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryIngestTest
{
    @TempDir
    Path dir;

    private InventoryStore store;
    private InventoryIngest target;

    @BeforeEach
    void open()
    {
        store = InventoryStore.openWriter(InventoryConfig.defaults(dir).withMaxEntries(10_000));
        target = new InventoryIngest(store, new SystemEpochClock(), 10, 2, 100_000);
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void changesAreAppliedAndBadLinesReportedByNumber()
    {
        final byte[] body = """
            {"source": "pos-S042", "seq": 1881, "sku": "100871", "location": "S042", "onHand": 7, "reserved": 1, "ts": 1763900000000}
            {"source": "pos-S042", "seq": 1882, "sku": "100871", "location": "S042", "delta": -1, "ts": 1763900000500}
            {"source": "pos-S042", "seq": "x", "sku": "100871", "location": "S042", "delta": -1}
            {"source": "pos-S042", "seq": 1882, "sku": "100871", "location": "S042", "delta": -1, "ts": 1763900000500}
            """.getBytes(StandardCharsets.UTF_8);

        final InventoryIngest.ChangesOutcome outcome = target.applyChanges(body, 0, body.length).join();

        assertThat(outcome.accepted()).isEqualTo(2);
        assertThat(outcome.ignored()).isEqualTo(1);
        assertThat(outcome.rejected()).singleElement().satisfies(error ->
        {
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.field()).isEqualTo("seq");
        });
        assertThat(store.stockView().available(store.skus().idOf("100871"), store.locations().idOf("S042"))).isEqualTo(5);
        assertThat(store.counters().rejected()).isEqualTo(1);
    }

    @Test
    void aSnapshotReplacesTheLocationsStock() throws Exception
    {
        final byte[] seed = """
            {"source": "pos", "seq": 1, "sku": "OLD", "location": "S042", "onHand": 4}
            """.getBytes(StandardCharsets.UTF_8);
        target.applyChanges(seed, 0, seed.length).join();

        final ApplyResult result = target.applySnapshot("S042", new StringReader("""
            store_code,id,quantity,availability,price
            S042,100871,3,,54.99 USD
            S042,100872,,limited availability,
            """), SnapshotFormat.CSV).join();

        assertThat(result).isEqualTo(new ApplyResult(2, 0, 1));
        final int store042 = store.locations().idOf("S042");
        assertThat(store.stockView().available(store.skus().idOf("100871"), store042)).isEqualTo(3);
        assertThat(store.stockView().available(store.skus().idOf("100872"), store042)).isEqualTo(2);
        assertThat(store.stockView().available(store.skus().idOf("OLD"), store042)).isZero();
    }

    @Test
    void aMalformedSnapshotChangesNothing() throws Exception
    {
        target.applySnapshot("S042", new StringReader("id\tquantity\nA\t5\n"), SnapshotFormat.TSV).join();
        final int skusBefore = store.skus().size();

        assertThatThrownBy(() -> target.applySnapshot("S042", new StringReader("id\tquantity\nB\t1\nC\tmany\n"),
            SnapshotFormat.TSV))
            .isInstanceOf(SnapshotFormatException.class)
            .hasMessageContaining("line 3")
            .hasMessageContaining("quantity");

        assertThat(store.skus().size()).isEqualTo(skusBefore);
        assertThat(store.stockView().available(store.skus().idOf("A"), store.locations().idOf("S042"))).isEqualTo(5);
    }
}
