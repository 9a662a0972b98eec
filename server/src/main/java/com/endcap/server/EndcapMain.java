package com.endcap.server;

import com.endcap.server.demo.DemoChurn;
import com.endcap.server.demo.DemoCommand;
import com.endcap.server.demo.DemoConfig;
import org.agrona.concurrent.SystemEpochClock;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Entry point the {@code ./endcap} launcher runs: {@code endcap <command>}.
 * <p>
 * A hand-written dispatch over a handful of commands; a command-line library comes when the
 * commands grow options. Every command reads its configuration from the environment
 * ({@code ENDCAP_*}) and validates it before it starts anything.
 * <p>
 * Exit status: 0 after a clean stop, 1 when a command fails, 2 for a usage or configuration error.
 * A demo stopped by SIGTERM exits as the JVM does for a signal (143) after closing cleanly.
 */
public final class EndcapMain
{
    /** Exit status of a command that ran and stopped cleanly. */
    public static final int OK = 0;
    /** Exit status of a command that failed. */
    public static final int FAILED = 1;
    /** Exit status of a bad command line or environment. */
    public static final int USAGE = 2;

    private static final long SHUTDOWN_WAIT_SECONDS = 30;

    static final String USAGE_TEXT = String.join(System.lineSeparator(),
        "Usage: endcap <command>",
        "",
        "Commands:",
        "  demo     Run Endcap on its embedded demo retailer: 12 stores and 2 warehouses around New York,",
        "           500 SKUs, with live stock churn. Runs in the foreground until Ctrl-C or SIGTERM.",
        "           For now this is the stock store alone; the HTTP server arrives with the server issue.",
        "  help     Print this message (also --help, -h).",
        "",
        "Environment (every command):",
        "  ENDCAP_DATA_DIR    where the stock store and demo data live",
        "                     (default ./" + DemoConfig.DEFAULT_DATA_DIR + "; under the repository when run through ./endcap)",
        "  ENDCAP_DEMO_CHURN  simulated stock changes per second; 0 turns the churn off (default " +
            DemoChurn.DEFAULT_CHANGES_PER_SECOND + ")",
        "  ENDCAP_HOST        listen address (default " + DemoConfig.DEFAULT_HOST + "); checked now, used once the HTTP server lands",
        "  ENDCAP_PORT        listen port (default " + DemoConfig.DEFAULT_PORT + "); checked now, used once the HTTP server lands",
        "");

    private EndcapMain()
    {
    }

    /**
     * @param args the command and its arguments.
     */
    public static void main(final String[] args)
    {
        final int status = run(args, System.getenv(), Path.of(""), System.out, System.err);
        if (OK != status)
        {
            System.exit(status);
        }
    }

    /**
     * Dispatches a command line.
     *
     * @param args       the command and its arguments.
     * @param env        the environment.
     * @param workingDir directory relative paths are resolved against.
     * @param out        normal output.
     * @param err        errors and usage after a mistake.
     * @return the exit status: {@link #OK}, {@link #FAILED} or {@link #USAGE}.
     */
    static int run(
        final String[] args, final Map<String, String> env, final Path workingDir, final PrintStream out,
        final PrintStream err)
    {
        if (0 == args.length)
        {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        final String command = args[0];
        switch (command)
        {
            case "help", "--help", "-h" ->
            {
                out.print(USAGE_TEXT);
                return OK;
            }
            case "demo" ->
            {
                if (args.length > 1)
                {
                    err.println("endcap: demo takes no arguments (configure it through ENDCAP_* variables), got: " +
                        String.join(" ", Arrays.copyOfRange(args, 1, args.length)));
                    err.print(USAGE_TEXT);
                    return USAGE;
                }
                final DemoConfig config;
                try
                {
                    config = DemoConfig.fromEnv(env, workingDir);
                }
                catch (final IllegalArgumentException ex)
                {
                    err.println("endcap: " + ex.getMessage());
                    return USAGE;
                }
                return demo(config, out, err);
            }
            default ->
            {
                err.println("endcap: unknown command '" + command + "'");
                err.print(USAGE_TEXT);
                return USAGE;
            }
        }
    }

    private static int demo(final DemoConfig config, final PrintStream out, final PrintStream err)
    {
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        // The JVM ends once every hook returns: the hook waits until the demo has closed the store.
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            awaitQuietly(stopped);
        }, "endcap-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            new DemoCommand(config, out, DemoCommand.STATUS_INTERVAL, SystemEpochClock.INSTANCE, System.nanoTime()).run(stop);
            return OK;
        }
        catch (final IllegalStateException | UncheckedIOException ex)
        {
            err.println("endcap: demo failed: " + describe(ex));
            return FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("endcap: demo interrupted");
            return FAILED;
        }
        finally
        {
            stopped.countDown();
            removeHook(hook);
        }
    }

    private static String describe(final Throwable error)
    {
        final StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); null != cause && cause != error; cause = cause.getCause())
        {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // Already shutting down: the hook is running and returns now that the demo stopped.
        }
    }
}
