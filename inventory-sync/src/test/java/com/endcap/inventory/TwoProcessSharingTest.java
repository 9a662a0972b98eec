package com.endcap.inventory;

import com.endcap.bidder.stock.StockLevel;
import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.ids.IdDictionary;
import com.endcap.inventory.store.ChronicleStockView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * docs/architecture.md, "Two processes, one store": a child JVM is the writer of a data
 * directory; this process opens the same directory as a reader ({@link ChronicleStockView} over
 * the shared files) and sees every acknowledged change, while a second writer is refused.
 */
class TwoProcessSharingTest
{
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);
    private static final String STORE = "S042";
    private static final long FRESH_SINCE = ChangeStream.TS_MILLIS / 1000 - 60;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void readerProcessSeesTheWriterProcessesAcknowledgedChangesAndASecondWriterIsRefused()
    {
        final Path dataDir = tmp.resolve("data");
        final InventoryConfig config = StockWriterChild.config(dataDir);
        try (ChildJvm writer = ChildJvm.start(StockWriterChild.class, tmp.resolve("child-stderr.log"), dataDir.toString(), "commands"))
        {
            writer.awaitLine("READY"::equals, CHILD_TIMEOUT);

            // given the directory opened as a reader while the child is its writer
            try (InventoryStore reader = InventoryStore.openReader(config))
            {
                final StockView view = reader.stockView();
                assertThat(view).isInstanceOf(ChronicleStockView.class);

                // when the writer process applies changes, then each is visible here once acknowledged
                apply(writer, "abs " + STORE + " A=5 B=7 C=20", 1, 3);
                final int store = reader.locations().idOf(STORE);
                final int a = reader.skus().idOf("A");
                final int b = reader.skus().idOf("B");
                final int c = reader.skus().idOf("C");
                assertThat(new int[] {store, a, b, c}).as("ids interned by the writer after the reader opened")
                    .doesNotContain(IdDictionary.MISSING);
                assertThat(view.available(a, store)).isEqualTo(5);
                assertThat(view.available(b, store)).isEqualTo(7);
                assertThat(view.available(c, store)).isEqualTo(20);

                apply(writer, "delta " + STORE + " A=-3 B=2", 2, 2);
                assertThat(view.available(a, store)).isEqualTo(2);
                assertThat(view.available(b, store)).isEqualTo(9);

                // and a second writer on the same directory is refused while the child holds it
                assertThatThrownBy(() -> InventoryStore.openWriter(config))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("writer.lock");
                assertThat(dataDir.resolve(InventoryStore.CLEAN_MARKER)).as("the refused open touched nothing").doesNotExist();

                // when the child sells C down to zero, one acknowledged change at a time, the
                // reader polls and sees it go from 20 to 0, never back up
                final List<Integer> seen = new ArrayList<>();
                writer.send("countdown " + STORE + " C 20");
                await().atMost(CHILD_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(1)).until(() ->
                {
                    final int units = view.available(c, store);
                    seen.add(units);
                    return 0 == units;
                });
                assertThat(writer.awaitLine(line -> line.startsWith("ACK 3 ") || line.startsWith("ERROR"), CHILD_TIMEOUT))
                    .isEqualTo("ACK 3 21 0");
                assertThat(seen).allSatisfy(units -> assertThat(units).isBetween(0, 20)).isSortedAccordingTo((x, y) -> y - x);

                // then C is sold out: a record at zero, not a missing one, and the candidate query drops it
                final StockLevel level = new StockLevel();
                assertThat(view.read(c, store, level)).isTrue();
                assertThat(level.available()).isZero();
                final int neverIssued = reader.skus().size();
                assertThat(view.available(neverIssued, store)).as("a sku never stocked").isEqualTo(StockView.NO_RECORD);
                final int[] positions = new int[3];
                assertThat(view.filterAvailable(store, new int[] {a, c, b}, 3, 1, FRESH_SINCE, positions)).isEqualTo(2);
                assertThat(positions).startsWith(0, 2);
                assertThat(view.filterAvailable(store, new int[] {a, c, b}, 3, 3, FRESH_SINCE, positions)).isEqualTo(1);
                assertThat(positions[0]).isEqualTo(2);

                // when the child is told to quit, it closes the store cleanly and exits 0
                writer.send("quit");
                writer.awaitLine(line -> "BYE".equals(line) || line.startsWith("ERROR"), CHILD_TIMEOUT);
                assertThat(writer.awaitExit(CHILD_TIMEOUT)).as("child exit status\n%s", writer.stderr()).isZero();
                assertThat(dataDir.resolve(InventoryStore.CLEAN_MARKER)).exists();

                // the reader still reads the files after the writer is gone
                assertThat(view.available(b, store)).isEqualTo(9);
            }
        }

        // then the lock is released: this process can become the writer, with no recovery
        try (InventoryStore next = InventoryStore.openWriter(config))
        {
            assertThat(next.recovered()).isFalse();
            final int store = next.locations().idOf(STORE);
            assertThat(next.stockView().available(next.skus().idOf("A"), store)).isEqualTo(2);
            assertThat(next.stockView().available(next.skus().idOf("B"), store)).isEqualTo(9);
            assertThat(next.stockView().available(next.skus().idOf("C"), store)).isZero();
        }
    }

    /** Sends a command and awaits its acknowledgement with the applied count expected. */
    private static void apply(final ChildJvm writer, final String command, final int commandNo, final int applied)
    {
        writer.send(command);
        assertThat(writer.awaitLine(line -> line.startsWith("ACK " + commandNo + " ") || line.startsWith("ERROR"), CHILD_TIMEOUT))
            .isEqualTo("ACK " + commandNo + " " + applied + " 0");
    }
}
