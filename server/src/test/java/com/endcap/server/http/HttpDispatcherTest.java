package com.endcap.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher gives an answered exchange to the connection's next request only when its
 * handler answers inline; each request still sees its own request, path and answer.
 */
class HttpDispatcherTest
{
    @ParameterizedTest(name = "answersInline={0}")
    @ValueSource(booleans = {true, false})
    void anExchangeIsUsedAgainOnlyForHandlersThatAnswerInline(final boolean inline)
    {
        // given
        final List<Exchange> seen = new ArrayList<>();
        final List<String> paths = new ArrayList<>();
        final AtomicBoolean throwAfterAnswer = new AtomicBoolean(true);
        final RouteHandler handler = new RouteHandler()
        {
            public void handle(final Exchange exchange)
            {
                seen.add(exchange);
                paths.add(exchange.path() + "?" + exchange.queryParam("n") + " " + exchange.request().uri());
                exchange.respond(HttpResponseStatus.OK, Responses.TEXT_PLAIN, null,
                    exchange.bodyBuffer(8).writeBytes(exchange.queryParam("n").getBytes(StandardCharsets.US_ASCII)));
                if (throwAfterAnswer.getAndSet(false))
                {
                    throw new IllegalStateException("after answering");
                }
            }

            public boolean answersInline()
            {
                return inline;
            }
        };
        final ServerState state = new ServerState();
        state.ready(true);
        final EmbeddedChannel channel = new EmbeddedChannel(new HttpCodec(4096, 8192, 65536), new HttpObjectAggregator(1024),
            new HttpDispatcher(new Router().add(HttpMethod.GET, "/a", false, handler).add(HttpMethod.GET, "/b", false, handler),
                new Cors(List.of()), state, HttpStatusListener.NONE));

        // when
        channel.writeInbound(Unpooled.copiedBuffer("GET /a?n=1 HTTP/1.1\r\n\r\nGET /b?n=2 HTTP/1.1\r\n\r\nGET /a?n=3 HTTP/1.1\r\n\r\n",
            StandardCharsets.US_ASCII));
        final StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); null != o; o = channel.readOutbound())
        {
            out.append(((ByteBuf)o).toString(StandardCharsets.US_ASCII));
            ((ByteBuf)o).release();
        }
        channel.finishAndReleaseAll();

        // then
        assertThat(paths).containsExactly("/a?1 /a?n=1", "/b?2 /b?n=2", "/a?3 /a?n=3");
        assertThat(out.toString()).isEqualTo(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 1\r\n\r\n1" +
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 1\r\n\r\n2" +
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: 1\r\n\r\n3");
        assertThat(state.inFlight()).isZero();
        if (inline)
        {
            assertThat(seen).allMatch(e -> e == seen.get(0));
        }
        else
        {
            assertThat(seen).doesNotHaveDuplicates();
        }
    }
}
