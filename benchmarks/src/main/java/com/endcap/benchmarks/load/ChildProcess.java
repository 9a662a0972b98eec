package com.endcap.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started (the server JVM, the fixture builder, nginx, wrk), with its output
 * in a log file and its standard input a pipe the harness holds: closing it is how the server and
 * nginx wrappers are told to stop, and it closes by itself if the harness dies.
 * <p>
 * {@link #close} stops the process: end of input, then SIGTERM, then SIGKILL, each after a grace
 * period; it is idempotent and safe from a shutdown hook. Thread-safe.
 */
final class ChildProcess implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final long startNanos;
    private final Path log;

    private ChildProcess(final String name, final Process process, final long startNanos, final Path log)
    {
        this.name = name;
        this.process = process;
        this.startNanos = startNanos;
        this.log = log;
    }

    /**
     * @param name    what it is, for messages.
     * @param command the command line.
     * @param log     file receiving standard output and error.
     * @return the started process.
     * @throws IOException when it cannot be started.
     */
    static ChildProcess start(final String name, final List<String> command, final Path log) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        final long start = System.nanoTime();
        return new ChildProcess(name, builder.start(), start, log);
    }

    /**
     * @param mainClass a main class on this JVM's class path.
     * @param jvmArgs   JVM options before the class.
     * @param args      the program's arguments.
     * @return the command line of a JVM running it on this JVM's {@code java} and class path.
     */
    static List<String> javaCommand(final String mainClass, final List<String> jvmArgs, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * @return the flags in the classpath resource {@code endcap-jvm.options} (the parent pom's
     *         {@code endcap.jvm.flags}), which every Endcap JVM needs.
     * @throws IOException           when it cannot be read.
     * @throws IllegalStateException when it is missing or unfiltered.
     */
    static List<String> projectJvmFlags() throws IOException
    {
        final String resource = com.endcap.benchmarks.BenchmarkMain.JVM_OPTIONS_RESOURCE;
        final String text;
        try (InputStream in = ChildProcess.class.getClassLoader().getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IllegalStateException(resource + " is not on the classpath: build with mvn install");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (text.isEmpty() || text.contains("${"))
        {
            throw new IllegalStateException(resource + " is empty or unfiltered: '" + text + "'");
        }
        return Arrays.asList(text.split("\\s+"));
    }

    /**
     * @return {@link System#nanoTime()} just before the process was started.
     */
    long startNanos()
    {
        return startNanos;
    }

    /**
     * @return the process id.
     */
    long pid()
    {
        return process.pid();
    }

    /**
     * @return true while it runs.
     */
    boolean alive()
    {
        return process.isAlive();
    }

    /**
     * @return its log file.
     */
    Path log()
    {
        return log;
    }

    /**
     * Waits for it to exit by itself.
     *
     * @param timeoutSeconds how long at most.
     * @return its exit status.
     * @throws IllegalStateException when it is still running after that (it is then stopped).
     * @throws InterruptedException  when interrupted.
     */
    int waitFor(final long timeoutSeconds) throws InterruptedException
    {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
        {
            close();
            throw new IllegalStateException(name + " did not finish within " + timeoutSeconds + " s; see " + log);
        }
        return process.exitValue();
    }

    public void close()
    {
        if (!process.isAlive())
        {
            return;
        }
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public String toString()
    {
        return name + " (pid " + process.pid() + ")";
    }
}
