package com.endcap.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One closed-loop run of Debian's {@code wrk} (the second, independent generator for the
 * throughput comparison): {@code wrk -t1 -cN -dS --latency -s rotate.lua}, POSTing the same
 * decision bodies in turn (pre-formatted in the script, so Lua costs little per request).
 *
 * @param requestsPerSecond wrk's {@code Requests/sec}.
 * @param p50Micros         its 50th percentile latency, µs.
 * @param p99Micros         its 99th percentile latency, µs.
 * @param non2xx            its {@code Non-2xx or 3xx responses}, 0 when absent.
 * @param errors            its socket errors (connect, read, write, timeout), summed.
 */
record WrkRun(double requestsPerSecond, double p50Micros, double p99Micros, long non2xx, long errors)
{
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
        "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    /**
     * Writes the Lua script that rotates the bodies.
     *
     * @param file   where.
     * @param path   request path.
     * @param bodies JSON bodies.
     * @throws IOException when it cannot be written.
     */
    static void writeScript(final Path file, final String path, final byte[][] bodies) throws IOException
    {
        final StringBuilder lua = new StringBuilder(bodies.length * 700);
        // Host is explicit: at load time wrk has not set wrk.headers.Host yet, and nginx answers 400 without one.
        lua.append("local requests = {}\nlocal headers = {[\"Host\"] = \"localhost\", [\"Content-Type\"] = \"application/json\"}\n");
        for (final byte[] body : bodies)
        {
            lua.append("requests[#requests + 1] = wrk.format(\"POST\", \"").append(path).append("\", headers, [==[")
                .append(new String(body, StandardCharsets.UTF_8)).append("]==])\n");
        }
        lua.append("local i = 0\nrequest = function()\n  i = i % #requests + 1\n  return requests[i]\nend\n");
        Files.writeString(file, lua, StandardCharsets.UTF_8);
    }

    /**
     * Runs wrk to completion.
     *
     * @param wrk         the wrk binary.
     * @param script      the script from {@link #writeScript}.
     * @param address     the server.
     * @param path        request path.
     * @param connections connections.
     * @param duration    how long.
     * @param log         its output.
     * @return the parsed result.
     * @throws IOException          when it fails or prints no result.
     * @throws InterruptedException when interrupted.
     */
    static WrkRun run(final Path wrk, final Path script, final InetSocketAddress address, final String path,
        final int connections, final Duration duration, final Path log) throws IOException, InterruptedException
    {
        final ChildProcess process = ChildProcess.start("wrk", List.of(wrk.toString(), "-t1", "-c" + connections,
            "-d" + duration.toSeconds() + "s", "--latency", "-s", script.toString(),
            "http://" + address.getHostString() + ":" + address.getPort() + path), log);
        final int status = process.waitFor(duration.toSeconds() + 30);
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        final Matcher rps = RPS.matcher(output);
        if (0 != status || !rps.find())
        {
            throw new IOException("wrk exited " + status + " without a result; see " + log);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        final Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find())
        {
            final double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3))
            {
                case "ms" -> 1e3;
                case "s" -> 1e6;
                default -> 1.0;
            };
            if ("50".equals(percentile.group(1)))
            {
                p50 = value;
            }
            else
            {
                p99 = value;
            }
        }
        final Matcher non2xx = NON_2XX.matcher(output);
        long errors = 0;
        final Matcher socketErrors = SOCKET_ERRORS.matcher(output);
        if (socketErrors.find())
        {
            for (int g = 1; g <= 4; g++)
            {
                errors += Long.parseLong(socketErrors.group(g));
            }
        }
        return new WrkRun(Double.parseDouble(rps.group(1)), p50, p99, non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, errors);
    }

    /**
     * @return e.g. {@code 41,233 rps (p50 812 µs, p99 2,410 µs)}.
     */
    String describe()
    {
        return String.format(Locale.ROOT, "%,.0f rps (p50 %,.0f µs, p99 %,.0f µs%s)", requestsPerSecond, p50Micros, p99Micros,
            non2xx + errors > 0 ? ", " + non2xx + " non-2xx, " + errors + " socket errors" : "");
    }
}
