package com.endcap.server;

import com.endcap.inventory.InventoryIngest;
import com.endcap.inventory.InventoryStore;
import com.endcap.inventory.apply.ApplyResult;
import com.endcap.inventory.feed.SnapshotFormat;
import com.endcap.inventory.feed.SnapshotFormatException;
import com.endcap.server.app.EndcapServer;
import com.endcap.server.app.InventorySyncServer;
import com.endcap.server.config.ServerConfig;
import com.endcap.server.demo.DemoCommand;
import org.agrona.concurrent.SystemEpochClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point the {@code ./endcap} launcher runs: {@code endcap <command>}, parsed by picocli.
 * <p>
 * Every command reads the same configuration (defaults, an optional {@code --config} file, the
 * {@code ENDCAP_*} variables), validates it before it starts anything, and never prints secrets.
 * <p>
 * Exit status: 0 after a clean stop, 1 when a command fails, 2 for a usage or configuration error.
 */
@Command(name = "endcap", mixinStandardHelpOptions = true, version = "Endcap 0.1.0",
    description = "Endcap: the stock-aware ad server for retail media.",
    footer = {"", "Environment (every command): ENDCAP_HOST, ENDCAP_PORT, ENDCAP_DATA_DIR, ENDCAP_ADMIN_TOKEN,",
        "ENDCAP_SIGNING_KEY, ENDCAP_PUBLIC_BASE_URL, ENDCAP_DEMO_CHURN override the config keys of the same names.",
        "Defaults and every key: server/src/main/resources/endcap-defaults.conf."})
public final class EndcapMain implements Runnable
{
    /** Exit status of a command that ran and stopped cleanly. */
    public static final int OK = 0;
    /** Exit status of a command that failed. */
    public static final int FAILED = 1;
    /** Exit status of a bad command line or configuration. */
    public static final int USAGE = 2;

    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    private final Map<String, String> env;
    private final Path workingDir;
    private final PrintStream out;
    private final PrintStream err;
    private final CommandLine.Model.CommandSpec[] spec = new CommandLine.Model.CommandSpec[1];

    private EndcapMain(final Map<String, String> env, final Path workingDir, final PrintStream out, final PrintStream err)
    {
        this.env = env;
        this.workingDir = workingDir;
        this.out = out;
        this.err = err;
    }

    /**
     * @param args the command and its arguments.
     */
    public static void main(final String[] args)
    {
        final int status = run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err);
        if (OK != status)
        {
            System.exit(status);
        }
    }

    /**
     * Parses and runs a command line.
     *
     * @param args       the command and its arguments.
     * @param env        the environment.
     * @param workingDir directory relative paths are resolved against.
     * @param out        normal output.
     * @param err        errors and usage after a mistake.
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}.
     */
    public static int run(
        final String[] args, final Map<String, String> env, final Path workingDir, final PrintStream out, final PrintStream err)
    {
        final EndcapMain main = new EndcapMain(env, workingDir, out, err);
        final CommandLine commandLine = new CommandLine(main)
            .addSubcommand("demo", main.new Demo())
            .addSubcommand("serve", main.new Serve())
            .addSubcommand("inventory-sync", main.new InventorySync())
            .addSubcommand("import-snapshot", main.new ImportSnapshot())
            .addSubcommand("help", new CommandLine.HelpCommand());
        main.spec[0] = commandLine.getCommandSpec();
        final PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        final PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        commandLine.setExecutionExceptionHandler((ex, line, parsed) ->
        {
            if (ex instanceof IllegalArgumentException)
            {
                err.println("endcap: " + ex.getMessage());
                return USAGE;
            }
            err.println("endcap: " + line.getCommandName() + " failed: " + describe(ex));
            return FAILED;
        });
        final int status = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return status;
    }

    /**
     * Without a command: usage, as an error.
     */
    public void run()
    {
        throw new CommandLine.ParameterException(spec[0].commandLine(), "a command is needed");
    }

    private ServerConfig config(final Path file)
    {
        return ServerConfig.load(null == file ? null : workingDir.resolve(file), env, workingDir);
    }

    /** The demo retailer on the full server. */
    @Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run Endcap on its embedded demo retailer: 20 stores and 2 warehouses around New York,",
            "5,000 SKUs, 50 campaigns and live stock churn, listening on 127.0.0.1:8080 by default.",
            "Runs in the foreground until Ctrl-C or SIGTERM."})
    final class Demo implements Callable<Integer>
    {
        @Option(names = "--config", paramLabel = "FILE", description = "Config file overriding the defaults.")
        Path config;

        public Integer call() throws InterruptedException
        {
            ServerConfig loaded = EndcapMain.this.config(config);
            if (null == config && !env.containsKey("ENDCAP_DATA_DIR"))
            {
                loaded = ServerConfig.load(null, withDefault(env, "ENDCAP_DATA_DIR", "data/demo"), workingDir);
            }
            final ServerConfig demoConfig = loaded;
            return untilStopped(stop ->
                new DemoCommand(demoConfig, out, DemoCommand.STATUS_INTERVAL, SystemEpochClock.INSTANCE, System.nanoTime())
                    .run(stop));
        }
    }

    /** The production server. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the Endcap server: decisions, events, inventory push, segments, admin and metrics.",
            "Needs an admin token and a signing key (ENDCAP_ADMIN_TOKEN, ENDCAP_SIGNING_KEY or the config file)."})
    final class Serve implements Callable<Integer>
    {
        @Option(names = "--config", paramLabel = "FILE", description = "Config file overriding the defaults.")
        Path config;

        public Integer call() throws InterruptedException
        {
            final ServerConfig loaded = EndcapMain.this.config(config).requireSecrets();
            return untilStopped(stop ->
            {
                try (EndcapServer server = EndcapServer.start(loaded, SystemEpochClock.INSTANCE, null))
                {
                    out.println("endcap: serving on http://" + loaded.host() + ":" + server.port() + " (data " +
                        loaded.dataDir() + ", " + loaded.inventoryRole().name().toLowerCase(Locale.ROOT) + " of the stock store)");
                    stop.await();
                    out.println("endcap: stopping: draining requests");
                }
                out.println("endcap: stopped cleanly");
            });
        }
    }

    /** The standalone stock writer. */
    @Command(name = "inventory-sync", mixinStandardHelpOptions = true,
        description = {"Run the stock store's writer on its own: it takes inventory pushes, snapshots, locations and",
            "the catalog over HTTP and writes the data directory that `serve` processes with",
            "inventory.role = reader on the same host read."})
    final class InventorySync implements Callable<Integer>
    {
        @Option(names = "--config", paramLabel = "FILE", description = "Config file overriding the defaults.")
        Path config;

        public Integer call() throws InterruptedException
        {
            final ServerConfig loaded = EndcapMain.this.config(config).requireSecrets();
            return untilStopped(stop ->
            {
                try (InventorySyncServer server = InventorySyncServer.start(loaded, SystemEpochClock.INSTANCE))
                {
                    out.println("endcap: inventory-sync writing " + loaded.dataDir() + ", listening on http://" +
                        loaded.host() + ":" + server.port());
                    stop.await();
                }
                out.println("endcap: stopped cleanly");
            });
        }
    }

    /** A one-off snapshot import into a store no server is writing. */
    @Command(name = "import-snapshot", mixinStandardHelpOptions = true,
        description = {"Replace one location's stock with a local-inventory file (CSV or TSV with a header), all or",
            "nothing, while no server or inventory-sync holds the data directory. To a running server:",
            "curl -X PUT -H 'Content-Type: text/csv' --data-binary @FILE http://HOST/v1/inventory/snapshot/LOCATION"})
    final class ImportSnapshot implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "LOCATION", description = "The location code, e.g. S042.")
        String location;

        @Parameters(index = "1", paramLabel = "FILE", description = "The snapshot file.")
        Path file;

        @Option(names = "--format", description = "csv or tsv (default: from the file name; .tsv is TSV, else CSV).")
        String format;

        @Option(names = "--config", paramLabel = "FILE", description = "Config file overriding the defaults.")
        Path config;

        public Integer call() throws Exception
        {
            final ServerConfig loaded = EndcapMain.this.config(config);
            final Path input = workingDir.resolve(file);
            if (!Files.isReadable(input))
            {
                throw new IllegalArgumentException("cannot read " + input);
            }
            final String kind = null != format ? format.toLowerCase(Locale.ROOT) :
                input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv") ? "tsv" : "csv";
            final SnapshotFormat snapshotFormat = switch (kind)
            {
                case "csv" -> SnapshotFormat.CSV;
                case "tsv" -> SnapshotFormat.TSV;
                default -> throw new IllegalArgumentException("--format must be csv or tsv, got " + format);
            };
            try (InventoryStore store = InventoryStore.openWriter(loaded.inventory());
                 Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8))
            {
                if (null == store.locationRegistry().byCode(location))
                {
                    err.println("endcap: no location " + location + " in " + loaded.dataDir() +
                        "; add it with PUT /v1/admin/locations first");
                    return FAILED;
                }
                final InventoryIngest ingest = new InventoryIngest(store, SystemEpochClock.INSTANCE, loaded.inStockUnits(),
                    loaded.limitedUnits(), loaded.maxSnapshotRows());
                final ApplyResult result = ingest.applySnapshot(location, in, snapshotFormat).get(60, TimeUnit.SECONDS);
                out.println("endcap: " + location + ": " + result.applied() + " rows applied, " + result.removed() +
                    " skus made unavailable");
                return OK;
            }
            catch (final SnapshotFormatException ex)
            {
                err.println("endcap: " + input + ": " + ex.getMessage() + "; nothing changed");
                return FAILED;
            }
        }
    }

    @FunctionalInterface
    private interface UntilStopped
    {
        void run(CountDownLatch stop) throws InterruptedException;
    }

    /**
     * Runs a long-lived command until SIGTERM/Ctrl-C: the shutdown hook counts the latch down and
     * waits (bounded) for the command to finish stopping, so the JVM exits after a clean close.
     */
    private int untilStopped(final UntilStopped command) throws InterruptedException
    {
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            try
            {
                stopped.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "endcap-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            command.run(stop);
            return OK;
        }
        catch (final IllegalStateException | UncheckedIOException ex)
        {
            err.println("endcap: " + describe(ex));
            return FAILED;
        }
        finally
        {
            stopped.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // Already shutting down: the hook is running and returns now that the command stopped.
            }
        }
    }

    private static Map<String, String> withDefault(final Map<String, String> env, final String key, final String value)
    {
        final java.util.HashMap<String, String> copy = new java.util.HashMap<>(env);
        copy.putIfAbsent(key, value);
        return copy;
    }

    static String describe(final Throwable error)
    {
        final StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); null != cause && cause != error; cause = cause.getCause())
        {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }
}
