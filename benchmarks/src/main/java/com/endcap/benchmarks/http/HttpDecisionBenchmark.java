package com.endcap.benchmarks.http;

import com.endcap.server.api.DecisionHandler;
import com.endcap.server.config.ServerConfig;
import com.endcap.server.http.Cors;
import com.endcap.server.http.HttpServer;
import com.endcap.server.http.Router;
import com.endcap.server.http.ServerState;
import com.endcap.server.metrics.EndcapMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.ResourceLeakDetector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One {@code POST /v1/decisions} through the server's HTTP pipeline on an {@link EmbeddedChannel}:
 * the raw HTTP/1.1 request bytes in a pooled buffer (what a socket read hands the pipeline) in,
 * the encoded response bytes out. In between: the HTTP codec, {@code 100-continue}, body
 * aggregation, the server's dispatcher, the real {@link Router} and {@link DecisionHandler} (content
 * type check, decode, decide over a {@link HttpWorld.Size#MEDIUM} world, encode with signed event
 * URLs, metrics), keep-alive and the response encoder.
 * <p>
 * The pipeline is exactly the server's ({@link HttpServer#pipeline}) with the limits of
 * {@code endcap-defaults.conf}.
 * <p>
 * Each call takes the next of {@value #REQUESTS} pre-built requests ({@link HttpWorld#bodies} with
 * a browser-like set of headers) and fires {@code channelRead} then {@code channelReadComplete} as
 * the event loop does after a socket read, which is {@link EmbeddedChannel#writeInbound} without
 * its varargs array; then it reads every outbound buffer, sums its bytes and releases it.
 * <p>
 * Run {@code -prof gc} for {@code gc.alloc.rate.norm}. Target (issue): at most 200 B allocated per
 * request end to end.
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpDecisionBenchmark
{
    /** Pre-built requests, a power of two. */
    static final int REQUESTS = 1 << 9;
    /** {@code http.max-body} of {@code endcap-defaults.conf}. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    /** {@code http.max-header}. */
    static final int MAX_HEADER_BYTES = 8 * 1024;
    /** {@code http.max-initial-line}. */
    static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
    /** {@code http.idle-timeout}. */
    static final int IDLE_TIMEOUT_SECONDS = 60;


    /** The world the engine decides over: {@code medium} or {@code small}. */
    @Param({ "medium" })
    public String world;

    private HttpWorld fixture;
    private EndcapMetrics metrics;
    private Router router;
    private byte[][] requests;

    /** Per-thread connection and cursor: one channel per thread, as one connection per event loop. */
    @State(Scope.Thread)
    public static class Connection
    {
        EmbeddedChannel channel;
        int next;

        /**
         * Opens the connection with the server's pipeline and checks that every request is answered 200.
         *
         * @param bench the benchmark's state, set up first.
         */
        @Setup(Level.Trial)
        public void setUp(final HttpDecisionBenchmark bench)
        {
            channel = bench.newChannel();
            long responseBytes = 0;
            for (final byte[] request : bench.requests)
            {
                final ByteBuf in = channel.alloc().buffer(request.length).writeBytes(request);
                channel.writeInbound(in);
                final ByteBuf head = channel.readOutbound();
                if (null == head)
                {
                    throw new IllegalStateException("no response");
                }
                final String status = head.toString(head.readerIndex(), Math.min(head.readableBytes(), 15), StandardCharsets.US_ASCII);
                responseBytes += head.readableBytes();
                head.release();
                if (!status.startsWith("HTTP/1.1 200"))
                {
                    throw new IllegalStateException("expected 200, got '" + status + "'");
                }
                responseBytes += drain(channel);
            }
            System.out.printf("# endcap-http http: %d requests of %.0f B avg, responses %.0f B avg (head and body); " +
                "allocator %s; leak detection %s%n", bench.requests.length, averageLength(bench.requests),
                (double)responseBytes / bench.requests.length, channel.alloc().getClass().getSimpleName(),
                ResourceLeakDetector.getLevel());
            next = ThreadLocalRandom.current().nextInt(REQUESTS);
        }

        /**
         * Closes the connection.
         */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            channel.finishAndReleaseAll();
        }
    }

    /**
     * Builds the world, the routes and the requests.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final HttpWorld.Size size = HttpWorld.Size.of(world);
        fixture = HttpWorld.build(size, 42);
        final byte[][] bodies = HttpWorld.bodies(size, fixture.locations(), REQUESTS, 7);
        fixture.printSummary(System.out, bodies);
        metrics = new EndcapMetrics();
        router = new Router().add(HttpMethod.POST, "/v1/decisions", true, new DecisionHandler(
            fixture.engine(), fixture.tokens(), HttpWorld.TOKEN_TTL_SECONDS, HttpWorld.PUBLIC_BASE_URL, metrics));
        requests = new byte[REQUESTS][];
        for (int i = 0; i < REQUESTS; i++)
        {
            requests[i] = request(bodies[i]);
        }
    }

    /**
     * Closes the metrics and the world's store, and deletes its directory.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        metrics.close();
        fixture.close();
    }

    /**
     * One request in, its response out.
     *
     * @param connection the thread's channel and cursor.
     * @return response bytes, so nothing can be optimised away.
     */
    @Benchmark
    public long decide(final Connection connection)
    {
        final int i = connection.next;
        connection.next = (i + 1) & (REQUESTS - 1);
        final byte[] request = requests[i];
        final EmbeddedChannel channel = connection.channel;
        final ByteBuf in = channel.alloc().buffer(request.length).writeBytes(request);
        final ChannelPipeline pipeline = channel.pipeline();
        pipeline.fireChannelRead(in);
        pipeline.fireChannelReadComplete();
        channel.runPendingTasks();
        channel.checkException();
        return drain(channel);
    }

    private static long drain(final EmbeddedChannel channel)
    {
        long bytes = 0;
        for (ByteBuf out = channel.readOutbound(); null != out; out = channel.readOutbound())
        {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }

    private EmbeddedChannel newChannel()
    {
        return new EmbeddedChannel(HttpServer.pipeline(
            new ServerConfig.Http(MAX_BODY_BYTES, MAX_HEADER_BYTES, MAX_INITIAL_LINE_BYTES, IDLE_TIMEOUT_SECONDS, 10_000, 0, 20_000),
            router, new Cors(List.of("*")), readyState(), metrics));
    }

    private static ServerState readyState()
    {
        final ServerState state = new ServerState();
        state.ready(true);
        return state;
    }

    private static byte[] request(final byte[] body)
    {
        final String head = "POST /v1/decisions HTTP/1.1\r\n" +
            "Host: ads.example-retailer.com\r\n" +
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36\r\n" +
            "Accept: application/json\r\n" +
            "Accept-Encoding: gzip, deflate, br\r\n" +
            "Content-Type: application/json\r\n" +
            "Content-Length: " + body.length + "\r\n" +
            "\r\n";
        final byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        final byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private static double averageLength(final byte[][] arrays)
    {
        long total = 0;
        for (final byte[] array : arrays)
        {
            total += array.length;
        }
        return (double)total / arrays.length;
    }
}
