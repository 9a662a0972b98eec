package com.endcap.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The reference server: Debian's nginx on loopback answering every request (any method, any
 * path, body read and discarded) with a static 200 and a JSON body as long as a typical Endcap
 * decision, {@code Cache-Control: no-store} like Endcap's. Same transport settings as Endcap where
 * nginx has them: as many workers as cores, keep-alive without a request limit, no access log.
 * <p>
 * nginx runs in the foreground under {@code sh}, which stops it when the harness closes the
 * shell's standard input (or dies): see {@link ChildProcess}. Not thread-safe.
 */
final class NginxReference implements AutoCloseable
{
    private final ChildProcess process;

    private NginxReference(final ChildProcess process)
    {
        this.process = process;
    }

    /**
     * Writes the configuration and starts nginx, waiting until it answers.
     *
     * @param nginx   the nginx binary.
     * @param dir     directory for its configuration, pid, logs and temp files.
     * @param address where it listens (loopback).
     * @param workers worker processes.
     * @param body    the body of every response; characters nginx would interpret ({@code $ ' \})
     *                are replaced, keeping the length.
     * @return the running reference.
     * @throws IOException          when it cannot be set up or does not answer within 10 s.
     * @throws InterruptedException when interrupted.
     */
    static NginxReference start(final Path nginx, final Path dir, final InetSocketAddress address, final int workers,
        final byte[] body) throws IOException, InterruptedException
    {
        Files.createDirectories(dir.resolve("temp"));
        final String text = new String(body, StandardCharsets.UTF_8).replace('$', 'x').replace('\'', 'x').replace('\\', 'x');
        final String conf = String.join("\n",
            "worker_processes " + workers + ";",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " warn;",
            "events { worker_connections 4096; }",
            "http {",
            "  access_log off;",
            "  keepalive_requests 1000000000;",
            "  keepalive_timeout 300s;",
            "  client_body_buffer_size 64k;",
            "  client_body_temp_path " + dir.resolve("temp/body") + ";",
            "  proxy_temp_path " + dir.resolve("temp/proxy") + ";",
            "  fastcgi_temp_path " + dir.resolve("temp/fastcgi") + ";",
            "  uwsgi_temp_path " + dir.resolve("temp/uwsgi") + ";",
            "  scgi_temp_path " + dir.resolve("temp/scgi") + ";",
            "  server {",
            "    listen " + address.getHostString() + ":" + address.getPort() + " backlog=1024;",
            "    location / {",
            "      default_type application/json;",
            "      add_header Cache-Control no-store;",
            "      return 200 '" + text + "';",
            "    }",
            "  }",
            "}",
            "");
        final Path confFile = dir.resolve("nginx.conf");
        Files.writeString(confFile, conf, StandardCharsets.UTF_8);
        final String nginxCommand = nginx + " -p " + dir + " -e " + dir.resolve("error.log") + " -c " + confFile +
            " -g 'daemon off; master_process on;'";
        // Background job: stdin from /dev/null; the shell waits on ours, then stops nginx (SIGQUIT would wait for idle
        // keep-alive connections; SIGTERM is nginx's fast shutdown).
        final ChildProcess process = ChildProcess.start("nginx", List.of("sh", "-c",
            nginxCommand + " & n=$!; cat >/dev/null; kill -TERM $n; wait $n"), dir.resolve("nginx.out"));
        final NginxReference reference = new NginxReference(process);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            final BlockingHttpConnection.Response response;
            try (BlockingHttpConnection connection = new BlockingHttpConnection(address, 1_000))
            {
                response = connection.get("/v1/decisions");
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() > deadline || !process.alive())
                {
                    reference.close();
                    throw new IOException("nginx did not start on " + address + "; see " + dir.resolve("error.log") +
                        " and " + dir.resolve("nginx.out"), ex);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                continue;
            }
            if (200 == response.status() && response.body().length == body.length)
            {
                return reference;
            }
            reference.close();
            throw new IOException("nginx answered " + response.status() + " with " + response.body().length +
                " bytes, expected 200 with " + body.length);
        }
    }

    public void close()
    {
        process.close();
    }
}
