package com.endcap.server.app;

import com.endcap.server.config.ServerConfig;
import com.endcap.server.http.Router;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real Endcap server on an ephemeral loopback port over a temporary data directory, with a
 * clock tests can move, and a small HTTP client for it.
 */
public final class ServerFixture implements AutoCloseable
{
    /** The admin token the fixture configures. */
    public static final String ADMIN_TOKEN = "test-admin-token";
    /** The signing key the fixture configures. */
    public static final String SIGNING_KEY = "test-signing-key-0123456789";

    /** Milliseconds the server's clock reads; tests may move it. */
    public volatile long nowMillis = System.currentTimeMillis();

    private final EndcapServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param dataDir     temporary data directory.
     * @param overrides   config keys under {@code endcap.} set through a file, e.g. {@code http.max-body = 2k}.
     * @param extraRoutes more routes, or null.
     * @throws Exception when the server does not start.
     */
    public ServerFixture(final Path dataDir, final String overrides, final Consumer<Router> extraRoutes) throws Exception
    {
        final Path file = dataDir.resolveSibling(dataDir.getFileName() + ".conf");
        java.nio.file.Files.writeString(file, "endcap {\n port = 0\n" + (null == overrides ? "" : overrides) + "\n}\n");
        final ServerConfig config = ServerConfig.load(file, Map.of(
            "ENDCAP_DATA_DIR", dataDir.toString(),
            "ENDCAP_ADMIN_TOKEN", ADMIN_TOKEN,
            "ENDCAP_SIGNING_KEY", SIGNING_KEY), dataDir.getParent());
        server = EndcapServer.start(config.withInventory(config.inventory().withMaxEntries(10_000)), () -> nowMillis, extraRoutes);
    }

    /**
     * @return the server.
     */
    public EndcapServer server()
    {
        return server;
    }

    /**
     * @param path a path such as {@code /health/live}.
     * @return its absolute URI on the server.
     */
    public URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /**
     * @param path path.
     * @return a request builder for it.
     */
    public HttpRequest.Builder request(final String path)
    {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
    }

    /**
     * @param path path.
     * @return a request builder with the admin token.
     */
    public HttpRequest.Builder admin(final String path)
    {
        return request(path).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /**
     * @param request the request.
     * @return the response, body as text.
     * @throws IOException          on I/O failure.
     * @throws InterruptedException when interrupted.
     */
    public HttpResponse<String> send(final HttpRequest request) throws IOException, InterruptedException
    {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @param path path.
     * @return a GET's response.
     * @throws Exception on failure.
     */
    public HttpResponse<String> get(final String path) throws Exception
    {
        return send(request(path).GET().build());
    }

    /**
     * @param path        path.
     * @param contentType content type.
     * @param body        body.
     * @return the response.
     * @throws Exception on failure.
     */
    public HttpResponse<String> post(final String path, final String contentType, final String body) throws Exception
    {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public void close()
    {
        server.close();
    }
}
