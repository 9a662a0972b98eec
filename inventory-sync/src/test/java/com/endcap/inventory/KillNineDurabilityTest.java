package com.endcap.inventory;

import com.endcap.bidder.stock.StockView;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.store.StockRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/architecture.md, "Durability": a process crash, {@code kill -9} included, loses nothing
 * acknowledged. A child JVM streams {@link ChangeStream} batches into a writer and prints each
 * acknowledgement; this test kills it with SIGKILL mid-stream, reopens the directory as the
 * writer and checks every record against the stream's arithmetic.
 */
class KillNineDurabilityTest
{
    /** Acknowledged batches to wait for before the kill: the child is then streaming at full rate. */
    private static final long ACKS_BEFORE_KILL = 200;
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAcknowledgedChangeSurvivesKillNineAndTheStoreWorksAfterRecovery()
    {
        // given a child writer streaming batches, killed with SIGKILL after ACKS_BEFORE_KILL acknowledgements
        final Path dataDir = tmp.resolve("data");
        final long lastAcknowledged;
        final int exitStatus;
        try (ChildJvm child = ChildJvm.start(StockWriterChild.class, tmp.resolve("child-stderr.log"), dataDir.toString(), "stream"))
        {
            child.awaitLine("READY"::equals, CHILD_TIMEOUT);
            final String ackBeforeKill = child.awaitLine(line -> ackedBatch(line) >= ACKS_BEFORE_KILL, CHILD_TIMEOUT);
            assertThat(ackBeforeKill).endsWith(" " + ChangeStream.CHANGES + " 0");

            exitStatus = child.kill9(CHILD_TIMEOUT);

            long last = ackedBatch(ackBeforeKill);
            final List<String> rest = child.remainingLines(CHILD_TIMEOUT);
            for (final String line : rest)
            {
                assertThat(line).as("child reported no failure").doesNotStartWith("ERROR");
                last = Math.max(last, ackedBatch(line));
            }
            lastAcknowledged = last;
        }
        assertThat(exitStatus).as("killed by SIGKILL (128 + 9)").isEqualTo(137);
        assertThat(dataDir.resolve(InventoryStore.CLEAN_MARKER)).doesNotExist();

        // when the directory is opened again as the writer
        try (InventoryStore store = InventoryStore.openWriter(StockWriterChild.config(dataDir)))
        {
            // then it recovered, and every record holds at least the last acknowledged batch
            assertThat(store.recovered()).isTrue();
            final StockRecord record = new StockRecord();
            final int sourceId = store.sources().idOf(ChangeStream.SOURCE);
            final long[] seqs = new long[ChangeStream.CHANGES];
            int torn = -1;
            for (int change = 0; change < ChangeStream.CHANGES; change++)
            {
                final String sku = ChangeStream.skuName(change);
                final String location = ChangeStream.locationCode(change);
                // Missing after Chronicle logged "Checksum doesn't match" in recovery: the kill fell
                // between the in-place value write and the entry checksum update, and recovery
                // dropped the entry, with the acknowledged value it held.
                assertThat(store.readRecord(sku, location, record)).as("record %s@%s", sku, location).isTrue();
                assertThat(record.sourceId()).isEqualTo(sourceId);
                seqs[change] = record.seq();
                assertThat(record.seq())
                    .as("%s@%s: last batch applied vs last acknowledged (%d)", sku, location, lastAcknowledged)
                    .isGreaterThanOrEqualTo(lastAcknowledged);
                if (record.onHand() != ChangeStream.expectedOnHand(record.seq(), change) &&
                    record.onHand() == ChangeStream.expectedOnHand(record.seq() + 1, change) &&
                    record.seq() + 1 > lastAcknowledged && torn < 0)
                {
                    // The kill landed inside the one change being written (the marshaller
                    // writes onHand before seq): an unacknowledged change, torn. Tolerated once.
                    torn = change;
                    System.out.printf("KillNineDurabilityTest: %s@%s holds unacknowledged batch %d's on hand with seq %d%n",
                        sku, location, record.seq() + 1, record.seq());
                }
                else
                {
                    assertThat(record.onHand())
                        .as("%s@%s after batch %d", sku, location, record.seq())
                        .isEqualTo(ChangeStream.expectedOnHand(record.seq(), change));
                }
                assertThat(store.stockView().available(store.skus().idOf(sku), store.locations().idOf(location)))
                    .as("hot index rebuilt from the record of %s@%s", sku, location)
                    .isEqualTo(record.available());
            }
            assertThat(store.records().size()).as("records after recovery").isEqualTo(ChangeStream.CHANGES);
            // The writer applies in order, so a batch in flight at the kill is a prefix of its
            // changes: seqs are b + 1 up to some change and b after it, never a gap.
            for (int change = 1; change < ChangeStream.CHANGES; change++)
            {
                assertThat(seqs[change]).as("seq of change %d", change).isLessThanOrEqualTo(seqs[change - 1]);
            }
            final long newest = seqs[0];
            assertThat(newest - seqs[ChangeStream.CHANGES - 1]).isLessThanOrEqualTo(1);
            System.out.printf("KillNineDurabilityTest: killed after batch %d was acknowledged; the store holds batch %d"
                + " up to a change and %d after it%n", lastAcknowledged, newest, seqs[ChangeStream.CHANGES - 1]);
            if (torn > 0)
            {
                assertThat(seqs[torn - 1]).as("a torn change can only be the first one not applied").isEqualTo(seqs[torn] + 1);
            }

            // and the recovered store takes the producer's retry of the batch in flight (applied
            // where it had not reached, ignored where it had), then new batches, and refuses replays
            final ChangeStream stream = new ChangeStream(store);
            final ChangeBatch batch = new ChangeBatch();
            int reached = 0;
            for (final long seq : seqs)
            {
                reached += seq == newest ? 1 : 0;
            }
            assertThat(submit(store, stream.fill(batch, newest)))
                .isEqualTo(new ApplyResult(ChangeStream.CHANGES - reached, reached, 0));
            assertThat(submit(store, stream.fill(batch, newest + 1))).isEqualTo(new ApplyResult(ChangeStream.CHANGES, 0, 0));
            assertThat(submit(store, stream.fill(batch, newest + 1))).isEqualTo(new ApplyResult(0, ChangeStream.CHANGES, 0));
            final StockView view = store.stockView();
            for (int change = 0; change < ChangeStream.CHANGES; change++)
            {
                if (change != torn)
                {
                    assertThat(view.available(stream.skuId(change), stream.locationId(change)))
                        .as("change %d after batch %d", change, newest + 1)
                        .isEqualTo(ChangeStream.expectedOnHand(newest + 1, change));
                }
            }
        }
        assertThat(Files.exists(dataDir.resolve(InventoryStore.CLEAN_MARKER))).isTrue();
    }

    private static ApplyResult submit(final InventoryStore store, final ChangeBatch batch)
    {
        return store.proxy().submit(batch).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** @return the batch number of an {@code ACK} line, or -1 for any other line. */
    private static long ackedBatch(final String line)
    {
        final String[] words = line.split(" ");
        return words.length == 4 && "ACK".equals(words[0]) ? Long.parseLong(words[1]) : -1;
    }
}
