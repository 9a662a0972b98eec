package com.endcap.server.demo;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Configuration of the {@code demo} command, read once from the environment and validated by
 * {@link #fromEnv} with a message naming the variable and what it accepts.
 *
 * @param dataDir          absolute directory of the stock store and the demo data
 *                         ({@code ENDCAP_DATA_DIR}, default {@code ./data/demo} under the working
 *                         directory).
 * @param host             address the HTTP server will listen on ({@code ENDCAP_HOST}, default
 *                         {@code 127.0.0.1}); no port is opened until the server issue lands.
 * @param port             port the HTTP server will listen on ({@code ENDCAP_PORT}, default 8080).
 * @param churnPerSecond   simulated stock changes per second ({@code ENDCAP_DEMO_CHURN}, default
 *                         {@value DemoChurn#DEFAULT_CHANGES_PER_SECOND}); 0 turns the churn off.
 */
public record DemoConfig(Path dataDir, String host, int port, int churnPerSecond)
{
    /** Variable naming the data directory. */
    public static final String DATA_DIR_ENV = "ENDCAP_DATA_DIR";
    /** Variable naming the listen address. */
    public static final String HOST_ENV = "ENDCAP_HOST";
    /** Variable naming the listen port. */
    public static final String PORT_ENV = "ENDCAP_PORT";
    /** Variable naming the churn rate. */
    public static final String CHURN_ENV = "ENDCAP_DEMO_CHURN";

    /** Data directory, relative to the working directory, when {@code ENDCAP_DATA_DIR} is unset. */
    public static final String DEFAULT_DATA_DIR = "data/demo";
    /** Listen address when {@code ENDCAP_HOST} is unset. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Listen port when {@code ENDCAP_PORT} is unset. */
    public static final int DEFAULT_PORT = 8080;

    /**
     * Reads and validates the configuration.
     *
     * @param env        the environment, e.g. {@link System#getenv()}.
     * @param workingDir directory relative paths are resolved against.
     * @return the validated configuration, with an absolute, normalised data directory.
     * @throws IllegalArgumentException naming the first bad variable, its value and what it accepts.
     */
    public static DemoConfig fromEnv(final Map<String, String> env, final Path workingDir)
    {
        final Path dataDir = dataDir(env.get(DATA_DIR_ENV), workingDir);
        final String host = host(env.get(HOST_ENV));
        final int port = integer(env.get(PORT_ENV), PORT_ENV, DEFAULT_PORT, 1, 65_535, "a TCP port 1..65535");
        final int churn = integer(
            env.get(CHURN_ENV), CHURN_ENV, DemoChurn.DEFAULT_CHANGES_PER_SECOND, 0, DemoChurn.MAX_CHANGES_PER_SECOND,
            "an integer >= 0 and <= " + DemoChurn.MAX_CHANGES_PER_SECOND + " (stock changes per second; 0 turns the churn off)");
        return new DemoConfig(dataDir, host, port, churn);
    }

    private static Path dataDir(final String value, final Path workingDir)
    {
        if (null == value)
        {
            return workingDir.resolve(DEFAULT_DATA_DIR).toAbsolutePath().normalize();
        }
        if (value.isBlank())
        {
            throw new IllegalArgumentException(
                DATA_DIR_ENV + " must name a directory; unset it for the default ./" + DEFAULT_DATA_DIR);
        }
        final Path dir;
        try
        {
            dir = workingDir.resolve(value).toAbsolutePath().normalize();
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(DATA_DIR_ENV + " is not a valid path: '" + value + "' (" + ex.getReason() + ")");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir))
        {
            throw new IllegalArgumentException(DATA_DIR_ENV + " must be a directory, but " + dir + " is a file");
        }
        return dir;
    }

    private static String host(final String value)
    {
        if (null == value)
        {
            return DEFAULT_HOST;
        }
        final String host = value.trim();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace))
        {
            throw new IllegalArgumentException(
                HOST_ENV + " must be a host name or IP address without spaces, got '" + value + "'");
        }
        return host;
    }

    private static int integer(
        final String value, final String name, final int defaultValue, final int min, final int max, final String accepts)
    {
        if (null == value)
        {
            return defaultValue;
        }
        final int parsed;
        try
        {
            parsed = Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " must be " + accepts + ", got '" + value + "'");
        }
        if (parsed < min || parsed > max)
        {
            throw new IllegalArgumentException(name + " must be " + accepts + ", got " + parsed);
        }
        return parsed;
    }
}
