package com.endcap.server.tag;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A publisher's site on its own origin (another loopback port than Endcap's): pages are HTML
 * strings by path, anything else is a 404. The JDK's HTTP server is enough for a test page.
 */
final class PublisherSite implements AutoCloseable
{
    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    PublisherSite() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange ->
        {
            final String page = pages.get(exchange.getRequestURI().getPath());
            final byte[] body = (null == page ? "<!doctype html><title>Not found</title>" : page).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(null == page ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        });
        server.start();
    }

    /**
     * @param path page path.
     * @param html the page.
     * @return its URL.
     */
    String page(final String path, final String html)
    {
        pages.put(path, html);
        return origin() + path;
    }

    String origin()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void close()
    {
        server.stop(0);
    }
}
