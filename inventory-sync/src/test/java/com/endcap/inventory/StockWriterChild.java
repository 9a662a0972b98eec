package com.endcap.inventory;

import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.apply.ChangeBatch;
import com.endcap.inventory.apply.InventoryProxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Main class of a child JVM that opens a data directory as the stock writer (writer thread
 * started, {@link #config} settings) for the tests that need a second process. Started by
 * {@link ChildJvm}; speaks a line protocol on stdout, nothing else goes there.
 * <p>
 * {@code StockWriterChild <dataDir> stream}: prints {@code READY}, then submits
 * {@link ChangeStream} batches 1, 2, 3... without end, up to {@value #STREAM_WINDOW} in flight,
 * and prints {@code ACK <batchNo> <applied> <ignored>} for each batch once its future completed
 * (acknowledged = applied). Runs until killed.
 * <p>
 * {@code StockWriterChild <dataDir> commands}: prints {@code READY}, then reads one command a
 * line from stdin, applies it as one batch from source {@value #COMMAND_SOURCE} (each change
 * with the next seq) and, once acknowledged, prints {@code ACK <commandNo> <applied> <ignored>}:
 * <ul>
 *     <li>{@code abs <location> <sku>=<onHand> ...}: absolute changes;</li>
 *     <li>{@code delta <location> <sku>=<units> ...}: relative changes;</li>
 *     <li>{@code countdown <location> <sku> <from>}: absolute {@code from}, {@code from - 1}, ...
 *     0, each its own acknowledged batch (one ACK at the end);</li>
 *     <li>{@code quit}: closes the store cleanly, prints {@code BYE} and exits 0.</li>
 * </ul>
 * In both modes the child halts with status {@value #ORPHANED_STATUS} when its stdin reaches end
 * of file (the test process died), and prints {@code ERROR <message>} and exits
 * {@value #ERROR_STATUS} on anything unexpected.
 */
public final class StockWriterChild
{
    /** Records the child's store is sized for; readers open with the same. */
    public static final long MAX_ENTRIES = 10_000;
    /** Batches the stream mode keeps in flight. */
    public static final int STREAM_WINDOW = 8;
    /** Source of the command mode's changes. */
    public static final String COMMAND_SOURCE = "pos-commands";
    /** Exit status when stdin closed under the child. */
    public static final int ORPHANED_STATUS = 2;
    /** Exit status on an unexpected failure. */
    public static final int ERROR_STATUS = 3;

    private StockWriterChild()
    {
    }

    /**
     * @param dataDir the store's directory.
     * @return the configuration both processes open it with.
     */
    public static InventoryConfig config(final Path dataDir)
    {
        return InventoryConfig.defaults(dataDir).withMaxEntries(MAX_ENTRIES).withRingBufferBytes(1 << 20);
    }

    /**
     * @param args data directory and mode ({@code stream} or {@code commands}).
     */
    public static void main(final String[] args)
    {
        final PrintStream out = System.out;
        try
        {
            final Path dataDir = Path.of(args[0]);
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            final InventoryStore store = InventoryStore.openWriter(config(dataDir));
            switch (args[1])
            {
                case "stream":
                    watchForOrphaning(in);
                    stream(store, out);
                    break;
                case "commands":
                    commands(store, in, out);
                    break;
                default:
                    throw new IllegalArgumentException("mode must be stream or commands, got " + args[1]);
            }
        }
        catch (final Throwable ex)
        {
            ex.printStackTrace();
            out.println("ERROR " + ex);
            out.flush();
            Runtime.getRuntime().halt(ERROR_STATUS);
        }
    }

    private static void stream(final InventoryStore store, final PrintStream out)
    {
        final ChangeStream changes = new ChangeStream(store);
        final InventoryProxy proxy = store.proxy();
        final ChangeBatch batch = new ChangeBatch();
        final ArrayDeque<CompletableFuture<ApplyResult>> inFlight = new ArrayDeque<>(STREAM_WINDOW);
        long acknowledged = 0;
        out.println("READY");
        out.flush();
        for (long batchNo = 1; ; batchNo++)
        {
            inFlight.addLast(proxy.submit(changes.fill(batch, batchNo)));
            while (inFlight.size() >= STREAM_WINDOW || (!inFlight.isEmpty() && inFlight.peekFirst().isDone()))
            {
                final ApplyResult result = inFlight.pollFirst().join();
                acknowledged++;
                if (result.applied() != ChangeStream.CHANGES)
                {
                    throw new IllegalStateException("batch " + acknowledged + " applied as " + result);
                }
                out.println("ACK " + acknowledged + " " + result.applied() + " " + result.ignored());
                out.flush();
            }
        }
    }

    private static void commands(final InventoryStore store, final BufferedReader in, final PrintStream out)
        throws IOException
    {
        final InventoryProxy proxy = store.proxy();
        final int sourceId = store.sources().intern(COMMAND_SOURCE);
        final ChangeBatch batch = new ChangeBatch();
        long seq = 0;
        long commandNo = 0;
        out.println("READY");
        out.flush();
        String line;
        while (null != (line = in.readLine()))
        {
            final String[] words = line.trim().split("\\s+");
            commandNo++;
            ApplyResult result;
            switch (words[0])
            {
                case "abs":
                case "delta":
                {
                    final boolean absolute = "abs".equals(words[0]);
                    final int locationId = store.locations().intern(words[1]);
                    batch.clear();
                    for (int i = 2; i < words.length; i++)
                    {
                        final String[] skuAndUnits = words[i].split("=");
                        final int skuId = store.skus().intern(skuAndUnits[0]);
                        final int units = Integer.parseInt(skuAndUnits[1]);
                        if (absolute)
                        {
                            batch.addAbsolute(0, skuId, locationId, sourceId, ++seq, ChangeStream.TS_MILLIS, units,
                                ChangeBatch.ABSENT, ChangeBatch.ABSENT);
                        }
                        else
                        {
                            batch.addDelta(0, skuId, locationId, sourceId, ++seq, ChangeStream.TS_MILLIS, units,
                                ChangeBatch.ABSENT, ChangeBatch.ABSENT);
                        }
                    }
                    result = proxy.submit(batch).join();
                    break;
                }
                case "countdown":
                {
                    final int locationId = store.locations().intern(words[1]);
                    final int skuId = store.skus().intern(words[2]);
                    int applied = 0;
                    int ignored = 0;
                    for (int onHand = Integer.parseInt(words[3]); onHand >= 0; onHand--)
                    {
                        batch.clear().addAbsolute(0, skuId, locationId, sourceId, ++seq, ChangeStream.TS_MILLIS, onHand,
                            ChangeBatch.ABSENT, ChangeBatch.ABSENT);
                        final ApplyResult one = proxy.submit(batch).join();
                        applied += one.applied();
                        ignored += one.ignored();
                    }
                    result = new ApplyResult(applied, ignored, 0);
                    break;
                }
                case "quit":
                    store.close();
                    out.println("BYE");
                    out.flush();
                    System.exit(0);
                    return;
                default:
                    throw new IllegalArgumentException("unknown command: " + line);
            }
            out.println("ACK " + commandNo + " " + result.applied() + " " + result.ignored());
            out.flush();
        }
        Runtime.getRuntime().halt(ORPHANED_STATUS);
    }

    private static void watchForOrphaning(final BufferedReader in)
    {
        final Thread watcher = new Thread(() ->
        {
            try
            {
                String discarded;
                do
                {
                    // The stream mode takes no commands: stdin only tells that the parent lives.
                    discarded = in.readLine();
                }
                while (null != discarded);
            }
            catch (final IOException ignore)
            {
                // stdin broken: the test process is gone either way.
            }
            Runtime.getRuntime().halt(ORPHANED_STATUS);
        }, "orphan-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
