package com.endcap.server.http;

import com.endcap.server.config.ServerConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bytes the HTTP layer allocates per keep-alive request: the server's pipeline on an
 * {@link EmbeddedChannel}, driven as an event loop does (a read, then read-complete), on a
 * {@link FastThreadLocalThread} as event loops are, counted with the JVM's per-thread allocation
 * counter after a warmup. The route answers a fixed JSON body the way {@code DecisionHandler}
 * does, so no JSON work is counted: what remains is Netty's request decoding (a request object,
 * a headers table, an entry and a {@code String} per header value), the dispatcher's exchange and
 * the leak detector's sampling.
 */
class HttpAllocationTest
{
    private static final int WARMUP = 30_000;
    private static final int MEASURED = 20_000;
    /** Measured 1,177-1,213 B (2,349 B with HttpServerCodec, HttpObjectAggregator and a FullHttpResponse). */
    private static final double MAX_BYTES_PER_REQUEST = 1_400;

    private static final byte[] BODY = "{\"decisions\":{}}".getBytes(StandardCharsets.US_ASCII);
    private static final String REQUEST_BODY = "{\"user\":{\"key\":\"u1\"},\"placements\":[{\"id\":\"p\",\"slot\":\"s\",\"count\":1}]}";
    private static final byte[] REQUEST = ("POST /v1/decisions HTTP/1.1\r\n" +
        "Host: ads.example-retailer.com\r\n" +
        "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36\r\n" +
        "Accept: application/json\r\n" +
        "Accept-Encoding: gzip, deflate, br\r\n" +
        "Content-Type: application/json\r\n" +
        "Content-Length: " + REQUEST_BODY.length() + "\r\n" +
        "\r\n" + REQUEST_BODY).getBytes(StandardCharsets.US_ASCII);

    @Test
    void aKeepAliveDecisionRequestAllocatesOnlyNettysRequestObjects() throws Exception
    {
        // given
        final Router router = new Router().add(HttpMethod.POST, "/v1/decisions", true, new RouteHandler()
        {
            public void handle(final Exchange exchange)
            {
                if (exchange.requireContentType("application/json"))
                {
                    exchange.respond(HttpResponseStatus.OK, Responses.APPLICATION_JSON, Responses.NO_STORE,
                        exchange.bodyBuffer(64).writeBytes(BODY));
                }
            }

            public boolean answersInline()
            {
                return true;
            }
        });
        final ServerState state = new ServerState();
        state.ready(true);
        final AtomicReference<double[]> measured = new AtomicReference<>();

        // when
        final Thread loop = new FastThreadLocalThread(() ->
        {
            final EmbeddedChannel channel = new EmbeddedChannel(HttpServer.pipeline(
                new ServerConfig.Http(10 * 1024 * 1024, 8 * 1024, 4 * 1024, 60, 100, 0, 1000), router, new Cors(List.of("*")), state,
                HttpStatusListener.NONE));
            long responseBytes = 0;
            for (int i = 0; i < WARMUP; i++)
            {
                responseBytes += serve(channel);
            }
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final long id = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < MEASURED; i++)
            {
                responseBytes += serve(channel);
            }
            final long allocated = threads.getThreadAllocatedBytes(id) - before;
            channel.finishAndReleaseAll();
            measured.set(new double[] {(double)allocated / MEASURED, (double)responseBytes / (WARMUP + MEASURED)});
        });
        loop.start();
        loop.join();

        // then
        final double bytesPerRequest = measured.get()[0];
        System.out.printf("HttpAllocationTest: %.1f B allocated per request, responses of %.0f B%n", bytesPerRequest, measured.get()[1]);
        assertThat(measured.get()[1]).as("every request answered 200 in one buffer").isGreaterThan(BODY.length);
        assertThat(bytesPerRequest).isLessThan(MAX_BYTES_PER_REQUEST);
    }

    private static long serve(final EmbeddedChannel channel)
    {
        final ByteBuf in = channel.alloc().buffer(REQUEST.length).writeBytes(REQUEST);
        final ChannelPipeline pipeline = channel.pipeline();
        pipeline.fireChannelRead(in);
        pipeline.fireChannelReadComplete();
        final ByteBuf out = channel.readOutbound();
        final int at = out.readerIndex();
        // One buffer, "HTTP/1.1 200", or the count is off.
        final boolean ok = out.getByte(at + 9) == '2' && out.getByte(at + 10) == '0' && out.getByte(at + 11) == '0' &&
            null == channel.readOutbound();
        final long bytes = out.readableBytes();
        out.release();
        return ok ? bytes : Long.MIN_VALUE / 2;
    }
}
