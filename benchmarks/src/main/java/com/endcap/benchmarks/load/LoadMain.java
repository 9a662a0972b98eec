package com.endcap.benchmarks.load;

import io.netty.buffer.ByteBuf;
import org.agrona.IoUtil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The load harness, one command: builds the retailer's data directory when missing, times the
 * server's start to its first decision, starts the real server ({@code endcap serve}) in its own
 * JVM on the project's flags with a flight recording and a GC log, pushes the shoppers' segments,
 * warms up, runs the open-loop rates (with live stock changes where asked), then interleaves
 * closed-loop throughput rounds against Endcap and the nginx reference with this generator and
 * with {@code wrk}; stops everything and reads the recording for GC pauses, allocation per request
 * and a profile. Prints tables and writes them, one HdrHistogram percentile file per run, the
 * profile, the GC log and the recording under {@code --out}/{@code <UTC timestamp>}/.
 * <p>
 * Every phase is bounded in time; everything listens on loopback; the server, nginx and wrk are
 * child processes stopped on exit, failure included (a shutdown hook, and a stdin pipe that
 * closes when this JVM dies).
 */
@Command(name = "LoadMain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Endcap's end-to-end load harness (see benchmarks/README.md, \"Load harness\").",
        "Run from the repository root after: mvn -B -q install -DskipTests -pl benchmarks -am"})
public final class LoadMain implements Callable<Integer>
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String HOST = "127.0.0.1";

    @Option(names = "--rates", split = ",", defaultValue = "5000,10000,20000,50000,5000+200000,20000+200000",
        description = "Open-loop runs: requests/s, or RATE+CHANGES for stock changes/s during that run (default: ${DEFAULT-VALUE}).")
    List<String> rates;

    @Option(names = "--duration", defaultValue = "30s",
        description = "Measured window of each open-loop run (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "5s",
        description = "Unrecorded sending before each run's window (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--initial-warmup", defaultValue = "20s",
        description = "Closed-loop JIT warmup after the server starts (default: ${DEFAULT-VALUE}).")
    String initialWarmup;

    @Option(names = "--drain", defaultValue = "5s",
        description = "Time after a window for answers to arrive; later ones count at this deadline (default: ${DEFAULT-VALUE}).")
    String drain;

    @Option(names = "--arrivals", defaultValue = "POISSON", description = "UNIFORM or POISSON send times (default: ${DEFAULT-VALUE}).")
    SendSchedule.Arrivals arrivals;

    @Option(names = "--connections", defaultValue = "64", description = "Keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--pipeline", defaultValue = "1", description = "Requests in flight per connection (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = "--changes", defaultValue = "0",
        description = "Stock changes/s during runs given without +CHANGES (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--change-batch", defaultValue = "1000", description = "Lines per inventory push (default: ${DEFAULT-VALUE}).")
    int changeBatch;

    @Option(names = "--change-threads", defaultValue = "2",
        description = "Inventory push threads and connections (default: ${DEFAULT-VALUE}).")
    int changeThreads;

    @Option(names = "--rounds", defaultValue = "3",
        description = "Interleaved throughput rounds (Endcap, nginx) per generator; 0 skips them (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--round-duration", defaultValue = "10s",
        description = "Measured window of each throughput round (default: ${DEFAULT-VALUE}).")
    String roundDuration;

    @Option(names = "--reference-duration", defaultValue = "10s",
        description = "Measured window of each open-loop rate against nginx (the harness's floor); 0s skips " +
            "(default: ${DEFAULT-VALUE}).")
    String referenceDuration;

    @Option(names = "--no-nginx", description = "Skip the nginx reference.")
    boolean noNginx;

    @Option(names = "--no-wrk", description = "Skip the wrk rounds.")
    boolean noWrk;

    @Option(names = "--startup-repeats", defaultValue = "3",
        description = "Starts timed per data directory, median reported; 0 skips (default: ${DEFAULT-VALUE}).")
    int startupRepeats;

    @Option(names = "--startup-entries", defaultValue = "0",
        description = "Also time a start on a retailer of this many stock records over 100 locations (e.g. 10000000); " +
            "0 skips (default: ${DEFAULT-VALUE}).")
    long startupEntries;

    @Option(names = "--startup-only", description = "Build the fixtures and time the starts, nothing else.")
    boolean startupOnly;

    @Option(names = "--port", defaultValue = "18080", description = "Endcap's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--nginx-port", defaultValue = "18081", description = "nginx's port (default: ${DEFAULT-VALUE}).")
    int nginxPort;

    @Option(names = "--data-dir", defaultValue = "benchmarks/target/load-data",
        description = "Where generated retailers are kept between runs (default: ${DEFAULT-VALUE}).")
    Path dataRoot;

    @Option(names = "--out", defaultValue = "benchmarks/target/load", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path outRoot;

    @Option(names = "--skus", defaultValue = "50000", description = "Products (default: ${DEFAULT-VALUE}).")
    int skus;

    @Option(names = "--stores", defaultValue = "18", description = "Stores (default: ${DEFAULT-VALUE}).")
    int stores;

    @Option(names = "--warehouses", defaultValue = "2", description = "Warehouses (default: ${DEFAULT-VALUE}).")
    int warehouses;

    @Option(names = "--ads", defaultValue = "10000", description = "Ads (default: ${DEFAULT-VALUE}).")
    int ads;

    @Option(names = "--users", defaultValue = "10000", description = "Shoppers with segments (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", defaultValue = "20261125",
        description = "Seed of the retailer and requests (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--requests", defaultValue = "4096", description = "Distinct decision bodies rotated (default: ${DEFAULT-VALUE}).")
    int requestCount;

    @Option(names = "--heap", defaultValue = "2g", description = "Server heap, -Xms and -Xmx (default: ${DEFAULT-VALUE}).")
    String heap;

    @Option(names = "--server-jvm-arg", description = "Extra server JVM flag (repeatable).")
    List<String> serverJvmArgs = new ArrayList<>();

    @Option(names = "--profile-run", description = "Open-loop run whose JFR profile is printed, e.g. open-endcap-5000 (default: "
        + "the one with most changes, else the middle rate).")
    String profileRun;

    private final List<AutoCloseable> children = new CopyOnWriteArrayList<>();
    private List<String> arguments = List.of();
    private PrintStream out;
    private Path runDir;

    /** What the generator's machine and the stock feeder had done at one moment. */
    private record Snapshot(CpuSample cpu, ChangeFeeder.Totals changes)
    {
    }

    /** One open-loop run and what the generator, the machine and the feeder did during its window. */
    private record OpenRow(RunResult result, int changeRate, Snapshot from, Snapshot to, String changeFailure)
    {
        double changesApplied()
        {
            return null == from.changes() ? 0 : to.changes().acceptedPerSecondSince(from.changes());
        }

        double harnessCpu()
        {
            return to.cpu().harnessShareSince(from.cpu());
        }

        double boxCpu()
        {
            return to.cpu().boxShareSince(from.cpu());
        }
    }

    /** One interleaved throughput round. */
    private record Round(RunResult endcap, RunResult nginx, WrkRun endcapWrk, WrkRun nginxWrk)
    {
    }

    private LoadMain()
    {
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        final LoadMain command = new LoadMain();
        command.arguments = List.of(args);
        System.exit(new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    public Integer call() throws Exception
    {
        final Instant started = Instant.now();
        runDir = outRoot.toAbsolutePath().resolve(STAMP.format(started));
        Files.createDirectories(runDir);
        out = new PrintStream(new TeeOutputStream(System.out, Files.newOutputStream(runDir.resolve("summary.txt"))), true,
            StandardCharsets.UTF_8);
        final Thread hook = new Thread(this::closeChildren, "load-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            run(started);
            return 0;
        }
        finally
        {
            closeChildren();
            out.flush();
        }
    }

    private void run(final Instant started) throws Exception
    {
        final LoadRetailer retailer = new LoadRetailer(seed, skus, stores, warehouses, ads, users);
        final List<int[]> plan = plan();
        requireFree(port);
        if (!noNginx)
        {
            requireFree(nginxPort);
        }
        header(started, retailer);

        final long maxEntries = maxEntries(retailer.stockEntries());
        final Path fixtureDir = fixture(retailer, maxEntries);
        final byte[][] bodies = LoadRequests.decisionBodies(retailer, requestCount, seed + 2);
        final ByteBuf[] requests = LoadGenerator.encode(LoadRequests.decisionRequests("localhost", bodies));

        // Start to first decision: fresh JVMs without recording, as in production.
        if (startupRepeats > 0)
        {
            final Path empty = runDir.resolve("empty-data");
            timeStartup("empty data directory", empty, 2_000_000, bodies[0], true);
            timeStartup("this retailer (" + retailer.stockEntries() + " stock records)", fixtureDir, maxEntries, bodies[0], false);
            if (startupEntries > 0)
            {
                final LoadRetailer large = largeRetailer(startupEntries);
                final long largeMax = maxEntries(large.stockEntries());
                timeStartup("large retailer (" + large.stockEntries() + " stock records, " + large.skus() + " skus x " +
                    large.locationCount() + " locations)", fixture(large, largeMax), largeMax, bodies[0], false);
            }
        }

        if (startupOnly)
        {
            return;
        }
        final Path jfr = runDir.resolve("server.jfr");
        final Path jfc = runDir.resolve("endcap-load.jfc");
        JfrReport.writeSettings(jfc);
        final List<String> recording = List.of(
            "-XX:StartFlightRecording=filename=" + jfr + ",settings=" + jfc + ",dumponexit=true",
            "-Xlog:gc*:file=" + runDir.resolve("gc.log") + ":uptime,level,tags");
        final ChildProcess server = startServer(fixtureDir, maxEntries, recording, runDir.resolve("server.log"));
        final InetSocketAddress endcap = new InetSocketAddress(HOST, port);
        final long firstNanos = awaitFirstDecision(server, endcap, bodies[0]);
        out.printf(Locale.ROOT, "server %s: first decision %s after process start (with JFR and GC log)%n", server,
            Durations.format(firstNanos));
        pushSegments(endcap, retailer);

        final List<OpenRow> openRows = new ArrayList<>();
        final List<OpenRow> referenceRows = new ArrayList<>();
        final List<Round> roundResults = new ArrayList<>();
        RunResult warm;
        byte[] typicalBody;
        try (LoadGenerator generator = new LoadGenerator())
        {
            warm = generator.closedLoop(endcap, new LoadGenerator.Spec("warmup", connections, pipeline, Duration.ZERO,
                Durations.parse(initialWarmup), Durations.parse(drain)), requests);
            out.printf(Locale.ROOT, "warmup: closed loop %s, %,.0f rps, mean body %d B, %d non-2xx%n", initialWarmup,
                warm.achievedRps(), warm.meanBodyBytes(), warm.non2xx());
            requireHealthy(warm);
            typicalBody = typicalBody(endcap, bodies, (int)warm.meanBodyBytes());

            for (final int[] step : plan)
            {
                openRows.add(openLoop(generator, endcap, requests, retailer, "endcap", step[0], step[1], Durations.parse(duration)));
            }

            if (rounds > 0 || (!noNginx && !referenceDuration.equals("0s")))
            {
                roundResults.addAll(throughputRounds(generator, endcap, requests, bodies, typicalBody, plan, retailer, referenceRows));
            }
        }
        out.println("stopping the server (its flight recording is written on exit)");
        server.close();
        children.remove(server);

        final JfrReport report = Files.exists(jfr) ? JfrReport.read(jfr) : null;
        if (null == report)
        {
            out.println("no flight recording at " + jfr + "; GC and allocation columns are empty");
        }
        results(openRows, referenceRows, roundResults, report, started, retailer);
    }

    private List<int[]> plan()
    {
        final List<int[]> plan = new ArrayList<>();
        for (final String entry : rates)
        {
            final String[] parts = entry.trim().split("\\+");
            final int rate = Integer.parseInt(parts[0].trim());
            final int changeRate = parts.length > 1 ? Integer.parseInt(parts[1].trim()) : changes;
            if (rate < 1 || changeRate < 0)
            {
                throw new IllegalArgumentException("--rates: a rate must be >= 1 and changes >= 0, got " + entry);
            }
            plan.add(new int[]{rate, changeRate});
        }
        return plan;
    }

    private void header(final Instant started, final LoadRetailer retailer) throws IOException
    {
        out.println("# Endcap load harness, " + started);
        out.println("machine: " + machine());
        out.println("load average at start: " + loadAverage());
        out.println("command: java -cp " + System.getProperty("java.class.path") + " " + LoadMain.class.getName() +
            (arguments.isEmpty() ? "" : " " + String.join(" ", arguments)));
        out.println("retailer: " + retailer.fingerprint() + " -> " + retailer.stockEntries() + " stock records, " +
            LoadRetailer.SLOT_TYPES + " slot types, " + retailer.ads() / LoadRetailer.SLOT_TYPES + " ads per slot type");
        out.println("generator: " + connections + " connections, pipeline " + pipeline + ", " + arrivals + " arrivals, " +
            requestCount + " distinct requests; results in " + runDir);
    }

    private Path fixture(final LoadRetailer retailer, final long maxEntries) throws Exception
    {
        final Path dir = dataRoot.toAbsolutePath().resolve("retailer-" + retailer.skus() + "x" + retailer.locationCount() +
            "-" + retailer.ads() + "ads-" + Long.toHexString(retailer.seed()));
        if (LoadFixture.isCurrent(dir, retailer, Duration.ofHours(6)))
        {
            out.println("fixture: reusing " + dir);
            return dir;
        }
        out.println("fixture: building " + dir + " (" + retailer.stockEntries() + " stock records)");
        Files.createDirectories(dir.getParent());
        final List<String> jvm = new ArrayList<>(ChildProcess.projectJvmFlags());
        jvm.add("-Xmx" + heap);
        final ChildProcess builder = track(ChildProcess.start("fixture builder", ChildProcess.javaCommand(
            LoadFixture.class.getName(), jvm, List.of(dir.toString(), Long.toString(retailer.seed()),
                Integer.toString(retailer.skus()), Integer.toString(retailer.stores()), Integer.toString(retailer.warehouses()),
                Integer.toString(retailer.ads()), Integer.toString(retailer.users()), Long.toString(maxEntries))),
            runDir.resolve("fixture-" + retailer.skus() + "x" + retailer.locationCount() + ".log")));
        final int status = builder.waitFor(900);
        children.remove(builder);
        out.print(Files.readString(builder.log(), StandardCharsets.UTF_8));
        if (0 != status || !LoadFixture.isCurrent(dir, retailer, Duration.ofHours(6)))
        {
            throw new IllegalStateException("the fixture builder failed (exit " + status + "); see " + builder.log());
        }
        return dir;
    }

    private static LoadRetailer largeRetailer(final long entries)
    {
        final int locations = 100;
        final int largeSkus = (int)Math.max(LoadRetailer.LEAF_CATEGORIES,
            entries / locations / LoadRetailer.LEAF_CATEGORIES * LoadRetailer.LEAF_CATEGORIES);
        return new LoadRetailer(7, largeSkus, locations - LoadRetailer.MAX_WAREHOUSES, LoadRetailer.MAX_WAREHOUSES,
            10_000, 1_000);
    }

    private static long maxEntries(final long entries)
    {
        return Math.max(2_000_000, entries + entries / 5);
    }

    private void timeStartup(final String label, final Path dataDir, final long maxEntries, final byte[] body, final boolean wipe)
        throws Exception
    {
        final long[] nanos = new long[startupRepeats];
        for (int i = 0; i < startupRepeats; i++)
        {
            if (wipe && Files.exists(dataDir))
            {
                IoUtil.delete(dataDir.toFile(), false);
            }
            final ChildProcess server = startServer(dataDir, maxEntries, List.of(),
                runDir.resolve("startup-" + dataDir.getFileName() + "-" + (i + 1) + ".log"));
            try
            {
                nanos[i] = awaitFirstDecision(server, new InetSocketAddress(HOST, port), body);
            }
            finally
            {
                server.close();
                children.remove(server);
            }
        }
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        final StringBuilder each = new StringBuilder();
        for (final long n : nanos)
        {
            each.append(each.length() > 0 ? ", " : "").append(Durations.format(n));
        }
        out.printf(Locale.ROOT, "start to first decision, %s: median %s (%s)%n", label, Durations.format(sorted[sorted.length / 2]),
            each);
    }

    private ChildProcess startServer(final Path dataDir, final long maxEntries, final List<String> extraJvm, final Path log)
        throws IOException
    {
        final Path config = runDir.resolve("endcap-" + dataDir.getFileName() + ".conf");
        Files.writeString(config, String.join("\n",
            "endcap {",
            "  host = \"" + HOST + "\"",
            "  port = " + port,
            "  data-dir = \"" + dataDir + "\"",
            "  admin-token = \"load-harness-admin-token\"",
            "  signing-key = \"load-harness-signing-key-0123456789\"",
            "  inventory.max-entries = " + maxEntries,
            "}",
            ""), StandardCharsets.UTF_8);
        final List<String> jvm = new ArrayList<>(ChildProcess.projectJvmFlags());
        jvm.add("-Xms" + heap);
        jvm.add("-Xmx" + heap);
        jvm.addAll(extraJvm);
        jvm.addAll(serverJvmArgs);
        return track(ChildProcess.start("endcap server", ChildProcess.javaCommand(LoadServer.class.getName(), jvm,
            List.of("serve", "--config", config.toString())), log));
    }

    private static long awaitFirstDecision(final ChildProcess server, final InetSocketAddress address, final byte[] body)
        throws IOException
    {
        final long deadline = server.startNanos() + TimeUnit.SECONDS.toNanos(120);
        while (true)
        {
            try (BlockingHttpConnection connection = new BlockingHttpConnection(address, 5_000))
            {
                final BlockingHttpConnection.Response response = connection.post(LoadRequests.DECISIONS_PATH, "application/json",
                    body, body.length);
                if (200 == response.status())
                {
                    return System.nanoTime() - server.startNanos();
                }
                throw new IOException("first decision answered " + response.status() + ": " + response.text());
            }
            catch (final java.net.ConnectException ex)
            {
                if (!server.alive() || System.nanoTime() > deadline)
                {
                    throw new IOException("the server did not answer; see " + server.log(), ex);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        }
    }

    private void pushSegments(final InetSocketAddress address, final LoadRetailer retailer) throws IOException
    {
        long accepted = 0;
        try (BlockingHttpConnection connection = new BlockingHttpConnection(address, 30_000))
        {
            for (int from = 0; from < retailer.users(); from += 1000)
            {
                final byte[] ndjson = LoadRequests.segments(retailer, from, Math.min(retailer.users(), from + 1000));
                final BlockingHttpConnection.Response response = connection.post("/v1/segments", "application/x-ndjson", ndjson,
                    ndjson.length);
                if (202 != response.status())
                {
                    throw new IOException("POST /v1/segments answered " + response.status() + ": " + response.text());
                }
                final String text = response.text();
                final int at = text.indexOf("\"accepted\":") + "\"accepted\":".length();
                accepted += Long.parseLong(text.substring(at, text.indexOf(',', at)).trim());
            }
        }
        out.println("segments: " + accepted + " of " + retailer.users() + " shoppers stored (POST /v1/segments)");
    }

    private static void requireHealthy(final RunResult run)
    {
        if (run.completedInWindow() == 0 || run.non2xx() > run.completedInWindow() / 100)
        {
            throw new IllegalStateException(run.name() + ": " + run.non2xx() + " non-2xx of " + run.completedInWindow() +
                " responses; the requests or the server are broken");
        }
    }

    /**
     * @return a real decision body whose length is nearest the mean, padded with trailing
     *         whitespace to exactly the mean.
     */
    private byte[] typicalBody(final InetSocketAddress address, final byte[][] bodies, final int meanLength) throws IOException
    {
        byte[] best = null;
        try (BlockingHttpConnection connection = new BlockingHttpConnection(address, 5_000))
        {
            for (int i = 0; i < Math.min(200, bodies.length); i++)
            {
                final byte[] body = connection.post(LoadRequests.DECISIONS_PATH, "application/json", bodies[i],
                    bodies[i].length).body();
                if (body.length <= meanLength && (null == best || body.length > best.length))
                {
                    best = body;
                }
            }
        }
        final byte[] typical = new byte[meanLength];
        Arrays.fill(typical, (byte)' ');
        if (null != best)
        {
            System.arraycopy(best, 0, typical, 0, best.length);
        }
        Files.write(runDir.resolve("typical-decision.json"), typical);
        out.println("typical decision body: " + meanLength + " B (mean of the warmup), saved as typical-decision.json");
        return typical;
    }

    private OpenRow openLoop(final LoadGenerator generator, final InetSocketAddress address, final ByteBuf[] requests,
        final LoadRetailer retailer, final String target, final int rate, final int changeRate, final Duration window)
        throws Exception
    {
        final String name = "open-" + target + "-" + rate + (changeRate > 0 ? "+" + changeRate + "chg" : "");
        final Duration warm = Durations.parse(warmup);
        final LoadGenerator.Spec spec = new LoadGenerator.Spec(name, connections, pipeline, warm, window, Durations.parse(drain));
        out.printf(Locale.ROOT, "%s: %,d rps open loop (%s)%s, %s warmup + %ss ...%n", name, rate, arrivals,
            changeRate > 0 ? String.format(Locale.ROOT, " with %,d stock changes/s", changeRate) : "", warmup, window.toSeconds());
        final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread thread = new Thread(r, "load-window-clock");
            thread.setDaemon(true);
            return thread;
        });
        // A fresh base per run: above every sequence sent before, as long as no run sends 1M lines per second.
        final long seqBase = 1_000_000_000_000_000L + System.currentTimeMillis() * 1000;
        try (ChangeFeeder feeder = changeRate > 0 ?
            new ChangeFeeder(address, retailer, changeRate, changeBatch, changeThreads, seqBase) : null)
        {
            final ScheduledFuture<Snapshot> from = clock.schedule(() -> new Snapshot(CpuSample.now(),
                null == feeder ? null : feeder.totals()), warm.toNanos(), TimeUnit.NANOSECONDS);
            final ScheduledFuture<Snapshot> to = clock.schedule(() -> new Snapshot(CpuSample.now(),
                null == feeder ? null : feeder.totals()), warm.plus(window).toNanos(), TimeUnit.NANOSECONDS);
            final RunResult result = generator.openLoop(address, spec, requests, arrivals, rate, seed + rate);
            save(result);
            return new OpenRow(result, changeRate, from.get(), to.get(), null == feeder ? null : feeder.lastFailure());
        }
        finally
        {
            clock.shutdownNow();
        }
    }

    private List<Round> throughputRounds(final LoadGenerator generator, final InetSocketAddress endcap, final ByteBuf[] requests,
        final byte[][] bodies, final byte[] typicalBody, final List<int[]> plan, final LoadRetailer retailer,
        final List<OpenRow> referenceRows) throws Exception
    {
        final Duration window = Durations.parse(roundDuration);
        final Duration roundWarmup = Duration.ofSeconds(2);
        final InetSocketAddress nginxAddress = new InetSocketAddress(HOST, nginxPort);
        NginxReference nginx = null;
        final Path wrk = noWrk ? null : DebianTools.require("wrk", "wrk", out);
        Path script = null;
        if (null != wrk)
        {
            script = runDir.resolve("rotate.lua");
            WrkRun.writeScript(script, LoadRequests.DECISIONS_PATH, Arrays.copyOf(bodies, Math.min(512, bodies.length)));
        }
        final List<Round> results = new ArrayList<>();
        try
        {
            if (!noNginx)
            {
                final Path binary = DebianTools.require("nginx", "nginx-light", out);
                nginx = track(NginxReference.start(binary, runDir.resolve("nginx"), nginxAddress,
                    Runtime.getRuntime().availableProcessors(), typicalBody));
                out.println("nginx reference on " + nginxAddress + ": static 200, " + typicalBody.length + " B body");
            }
            for (int r = 1; r <= rounds; r++)
            {
                final RunResult endcapRun = generator.closedLoop(endcap, new LoadGenerator.Spec("closed-endcap-r" + r, connections,
                    pipeline, roundWarmup, window, Durations.parse(drain)), requests);
                save(endcapRun);
                RunResult nginxRun = null;
                if (null != nginx)
                {
                    nginxRun = generator.closedLoop(nginxAddress, new LoadGenerator.Spec("closed-nginx-r" + r, connections, pipeline,
                        roundWarmup, window, Durations.parse(drain)), requests);
                    save(nginxRun);
                }
                WrkRun endcapWrk = null;
                WrkRun nginxWrk = null;
                if (null != wrk)
                {
                    endcapWrk = WrkRun.run(wrk, script, endcap, LoadRequests.DECISIONS_PATH, connections, window,
                        runDir.resolve("wrk-endcap-r" + r + ".txt"));
                    if (null != nginx)
                    {
                        nginxWrk = WrkRun.run(wrk, script, nginxAddress, LoadRequests.DECISIONS_PATH, connections, window,
                            runDir.resolve("wrk-nginx-r" + r + ".txt"));
                    }
                }
                final Round round = new Round(endcapRun, nginxRun, endcapWrk, nginxWrk);
                results.add(round);
                out.printf(Locale.ROOT, "round %d: endcap %,.0f rps%s%s%s%n", r, endcapRun.achievedRps(),
                    null == nginxRun ? "" : String.format(Locale.ROOT, ", nginx %,.0f rps", nginxRun.achievedRps()),
                    null == endcapWrk ? "" : "; wrk: endcap " + endcapWrk.describe(),
                    null == nginxWrk ? "" : ", nginx " + nginxWrk.describe());
            }
            final Duration referenceWindow = Durations.parse(referenceDuration);
            if (null != nginx && !referenceWindow.isZero())
            {
                // The same open-loop rates against nginx: the floor this generator and box put under any latency.
                final List<Integer> done = new ArrayList<>();
                for (final int[] step : plan)
                {
                    if (!done.contains(step[0]))
                    {
                        done.add(step[0]);
                        referenceRows.add(openLoop(generator, nginxAddress, requests, retailer, "nginx", step[0], 0, referenceWindow));
                    }
                }
            }
        }
        finally
        {
            if (null != nginx)
            {
                nginx.close();
                children.remove(nginx);
            }
        }
        return results;
    }

    private void save(final RunResult result) throws IOException
    {
        final Path file = runDir.resolve(result.name() + ".hgrm");
        try (PrintStream hgrm = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8))
        {
            hgrm.printf(Locale.ROOT, "# %s: %s, %,.0f rps achieved%s, window %s .. %s, values in microseconds%n", result.name(),
                result.openLoop() ? String.format(Locale.ROOT, "open loop at %,.0f rps, latency from intended send time",
                    result.offeredRps()) : "closed loop, latency from send",
                result.achievedRps(), result.unfinished() > 0 ? ", " + result.unfinished() + " unfinished" : "",
                result.windowStart(), result.windowEnd());
            result.latency().outputPercentileDistribution(hgrm, 1000.0);
        }
        out.printf(Locale.ROOT, "  %s: %,.0f rps achieved, p50 %s p99 %s p99.9 %s max %s µs%s%n", result.name(), result.achievedRps(),
            micros(result.latencyMicros(50)), micros(result.latencyMicros(99)), micros(result.latencyMicros(99.9)),
            micros(result.latency().getMaxValue() / 1e3), problems(result));
    }

    private void results(final List<OpenRow> openRows, final List<OpenRow> referenceRows, final List<Round> rounds,
        final JfrReport report, final Instant started, final LoadRetailer retailer) throws IOException
    {
        out.println();
        out.println("## Results (" + started + ", load average at end: " + loadAverage() + ")");
        out.println();
        out.println("Open loop, " + arrivals.name().toLowerCase(Locale.ROOT) + " arrivals, " + connections + " connections, " +
            "latency from the intended send time (µs):");
        out.println();
        out.println("| run | offered rps | achieved rps | p50 | p90 | p99 | p99.9 | p99.99 | max | send lag p99 | " +
            "changes applied/s | GC pauses | alloc B/req (event loops / process) | CPU server / generator / box | errors |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (final OpenRow row : openRows)
        {
            final RunResult r = row.result();
            final JfrReport.GcStats gc = null == report ? null : report.gc(r.windowStart(), r.windowEnd());
            final JfrReport.Rates rates = null == report ? null : report.rates(r.windowStart(), r.windowEnd());
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", openColumns(row),
                0 == row.changeRate() ? "-" : String.format(Locale.ROOT, "%,.0f of %,d", row.changesApplied(), row.changeRate()),
                null == gc ? "?" : gc.describe(),
                null == rates ? "?" : String.format(Locale.ROOT, "%,.0f / %,.0f", rates.eventLoopBytesPerSecond() / r.achievedRps(),
                    rates.processBytesPerSecond() / r.achievedRps()),
                String.format(Locale.ROOT, "%s / %.0f%% / %.0f%%", null == rates ? "?" : String.format(Locale.ROOT, "%.0f%%",
                    100 * rates.jvmCpu()), 100 * row.harnessCpu(), 100 * row.boxCpu()) + " | " +
                    (r.non2xx() + r.errors() + r.unfinished() == 0 ? "0" : problems(r).trim()));
            if (null != row.changeFailure())
            {
                out.println("  (last inventory push failure: " + row.changeFailure() + ")");
            }
        }
        out.println("(CPU: shares of the whole " + Runtime.getRuntime().availableProcessors() + "-core machine in the window; " +
            "server from its JFR, generator = this JVM, box from /proc/stat, other processes included)");
        if (!referenceRows.isEmpty())
        {
            out.println();
            out.println("The same generator, open loop against the nginx reference (the floor of the harness and box, µs):");
            out.println();
            out.println("| run | offered rps | achieved rps | p50 | p90 | p99 | p99.9 | p99.99 | max | send lag p99 | " +
                "CPU generator / box |");
            out.println("|---|---|---|---|---|---|---|---|---|---|---|");
            for (final OpenRow row : referenceRows)
            {
                out.printf(Locale.ROOT, "| %s | %.0f%% / %.0f%% |%n", openColumns(row), 100 * row.harnessCpu(), 100 * row.boxCpu());
            }
        }
        if (!rounds.isEmpty())
        {
            out.println();
            out.println("Closed-loop throughput, " + connections + " connections, " + roundDuration +
                " per round, interleaved (rps):");
            out.println();
            out.println("| round | Endcap (ours) | nginx (ours) | ratio | Endcap (wrk) | nginx (wrk) | ratio |");
            out.println("|---|---|---|---|---|---|---|");
            final List<Double> ours = new ArrayList<>();
            final List<Double> theirs = new ArrayList<>();
            final List<Double> ratios = new ArrayList<>();
            final List<Double> wrkOurs = new ArrayList<>();
            final List<Double> wrkTheirs = new ArrayList<>();
            final List<Double> wrkRatios = new ArrayList<>();
            int r = 0;
            for (final Round round : rounds)
            {
                r++;
                final double e = round.endcap().achievedRps();
                final double n = null == round.nginx() ? Double.NaN : round.nginx().achievedRps();
                final double we = null == round.endcapWrk() ? Double.NaN : round.endcapWrk().requestsPerSecond();
                final double wn = null == round.nginxWrk() ? Double.NaN : round.nginxWrk().requestsPerSecond();
                ours.add(e);
                theirs.add(n);
                ratios.add(e / n);
                wrkOurs.add(we);
                wrkTheirs.add(wn);
                wrkRatios.add(we / wn);
                out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %,.0f | %,.0f | %.2f |%n", r, e, n, e / n, we, wn, we / wn);
            }
            out.printf(Locale.ROOT, "| **median** | %,.0f | %,.0f | **%.2f** | %,.0f | %,.0f | **%.2f** |%n", median(ours),
                median(theirs), median(ratios), median(wrkOurs), median(wrkTheirs), median(wrkRatios));
            out.println("(ratio: Endcap / nginx within each round; median of the rounds' ratios)");
            if (null != report)
            {
                final RunResult first = rounds.get(0).endcap();
                final JfrReport.Rates rates = report.rates(first.windowStart(), first.windowEnd());
                out.printf(Locale.ROOT, "round 1 Endcap (closed loop): alloc %,.0f B/req event loops, %,.0f B/req process; " +
                        "server CPU %.0f%%, box %.0f%%; %s%n", rates.eventLoopBytesPerSecond() / first.achievedRps(),
                    rates.processBytesPerSecond() / first.achievedRps(), 100 * rates.jvmCpu(), 100 * rates.machineCpu(),
                    report.gc(first.windowStart(), first.windowEnd()).describe());
            }
        }
        if (null != report)
        {
            out.println();
            final Instant serverEnd = Instant.now();
            out.println("GC over the server's whole life (" + started + " .. " + serverEnd + "): " +
                report.gc(started, serverEnd).describe() + "; every collection in gc-pauses.txt, details in gc.log");
            Files.write(runDir.resolve("gc-pauses.txt"), report.gcLines(started, serverEnd), StandardCharsets.UTF_8);
            final OpenRow profiled = profiled(openRows);
            if (null != profiled)
            {
                final String profile = report.profile(profiled.result().windowStart(), profiled.result().windowEnd(), 15);
                Files.writeString(runDir.resolve("profile-" + profiled.result().name() + ".txt"), profile, StandardCharsets.UTF_8);
                out.println();
                out.println("Profile of the server during " + profiled.result().name() + " (JFR):");
                out.print(profile);
            }
        }
        out.println();
        out.println("retailer " + retailer.fingerprint() + "; files in " + runDir);
    }

    private static String openColumns(final OpenRow row)
    {
        final RunResult r = row.result();
        return String.format(Locale.ROOT, "%s | %,.0f | %,.0f | %s | %s | %s | %s | %s | %s | %s", r.name(), r.offeredRps(),
            r.achievedRps(), micros(r.latencyMicros(50)), micros(r.latencyMicros(90)), micros(r.latencyMicros(99)),
            micros(r.latencyMicros(99.9)), micros(r.latencyMicros(99.99)), micros(r.latency().getMaxValue() / 1e3),
            micros(r.sendLag().getValueAtPercentile(99) / 1e3));
    }

    private OpenRow profiled(final List<OpenRow> rows)
    {
        if (rows.isEmpty())
        {
            return null;
        }
        if (null != profileRun)
        {
            for (final OpenRow row : rows)
            {
                if (row.result().name().equals(profileRun))
                {
                    return row;
                }
            }
        }
        OpenRow most = rows.get(rows.size() / 2);
        for (final OpenRow row : rows)
        {
            if (row.changeRate() > most.changeRate())
            {
                most = row;
            }
        }
        return most;
    }

    private static String problems(final RunResult r)
    {
        final StringBuilder text = new StringBuilder();
        if (r.non2xx() > 0)
        {
            text.append(' ').append(r.non2xx()).append(" non-2xx");
        }
        if (r.errors() > 0)
        {
            text.append(' ').append(r.errors()).append(" lost");
        }
        if (r.unfinished() > 0)
        {
            text.append(' ').append(r.unfinished()).append(" unfinished");
        }
        return text.toString();
    }

    private static String micros(final double value)
    {
        return String.format(Locale.ROOT, value >= 100 ? "%,.0f" : "%.1f", value);
    }

    private static double median(final List<Double> values)
    {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty())
        {
            return Double.NaN;
        }
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void requireFree(final int candidate) throws IOException
    {
        try (ServerSocket socket = new ServerSocket(candidate, 1, java.net.InetAddress.getByName(HOST)))
        {
            socket.setReuseAddress(true);
        }
        catch (final IOException ex)
        {
            throw new IOException("port " + candidate + " on " + HOST + " is in use; choose another with --port / --nginx-port", ex);
        }
    }

    private static String machine() throws IOException
    {
        String model = "?";
        for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("model name"))
            {
                model = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        String memory = "?";
        for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
        {
            if (line.startsWith("MemTotal"))
            {
                memory = String.format(Locale.ROOT, "%.1f GiB",
                    Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                break;
            }
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + model + "), " + memory + " RAM, Linux " +
            System.getProperty("os.version") + ", Java " + System.getProperty("java.runtime.version");
    }

    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException ex)
        {
            return "?";
        }
    }

    private <T extends AutoCloseable> T track(final T child)
    {
        children.add(child);
        return child;
    }

    private void closeChildren()
    {
        final List<AutoCloseable> open = new ArrayList<>(children);
        Collections.reverse(open);
        for (final AutoCloseable child : open)
        {
            try
            {
                child.close();
            }
            catch (final Exception ex)
            {
                System.err.println("load: stopping " + child + " failed: " + ex);
            }
            children.remove(child);
        }
    }
}
