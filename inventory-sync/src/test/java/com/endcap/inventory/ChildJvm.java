package com.endcap.inventory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM running a test main class on this JVM's binary and class path, started with the
 * project's JVM flags (the classpath resource {@value #JVM_OPTIONS_RESOURCE}, the parent pom's
 * {@code endcap.jvm.flags} filtered by the build: never a copy of the list).
 * <p>
 * Its stdout is read line by line on a daemon thread and queued for {@link #awaitLine}; its
 * stderr goes to a file, shown by {@link #stderr()} in failure messages. {@link #close()} kills
 * it if it still runs. One test thread drives an instance.
 */
public final class ChildJvm implements AutoCloseable
{
    /** Classpath resource with the project's JVM flags, whitespace separated. */
    public static final String JVM_OPTIONS_RESOURCE = "endcap-jvm.options";
    /** Marks end of stdout in the line queue; a NUL never starts a line of the child's protocol. */
    private static final String EOF = "\u0000end-of-stdout";

    private final Process process;
    private final Path stderrFile;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread stdoutReader;
    private boolean stdoutEnded;

    private ChildJvm(final Process process, final Path stderrFile)
    {
        this.process = process;
        this.stderrFile = stderrFile;
        stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        stdoutReader = new Thread(this::readStdout, "child-stdout-" + process.pid());
        stdoutReader.setDaemon(true);
        stdoutReader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM.
     *
     * @param mainClass  class with a {@code main}, on this JVM's class path.
     * @param stderrFile where the child's stderr goes.
     * @param args       the child's arguments.
     * @return the running child.
     */
    public static ChildJvm start(final Class<?> mainClass, final Path stderrFile, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(projectJvmFlags());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectError(stderrFile.toFile())
                .start();
            return new ChildJvm(process, stderrFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    /**
     * @return the flags of {@value #JVM_OPTIONS_RESOURCE}.
     * @throws IllegalStateException when the resource is missing, empty or was not filtered.
     */
    public static List<String> projectJvmFlags()
    {
        final String text;
        try (InputStream in = ChildJvm.class.getClassLoader().getResourceAsStream(JVM_OPTIONS_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(JVM_OPTIONS_RESOURCE + " is not on the class path: build inventory-sync");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + JVM_OPTIONS_RESOURCE, ex);
        }
        if (text.isEmpty() || text.contains("${"))
        {
            throw new IllegalStateException(JVM_OPTIONS_RESOURCE + " is empty or unfiltered: '" + text + "'");
        }
        return Arrays.asList(text.split("\\s+"));
    }

    /**
     * Takes stdout lines until one matches, discarding the others.
     *
     * @param matches what is awaited.
     * @param timeout how long to wait in total.
     * @return the matching line.
     * @throws AssertionError when stdout ends or the time runs out first, with the child's stderr.
     */
    public String awaitLine(final Predicate<String> matches, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        String lastSeen = null;
        try
        {
            while (true)
            {
                final long remaining = deadline - System.nanoTime();
                if (stdoutEnded || remaining <= 0)
                {
                    throw new AssertionError((stdoutEnded ? "child stdout ended" : "timed out after " + timeout) +
                        " before the awaited line; last line seen: " + lastSeen + "\n" + stderr());
                }
                final String line = lines.poll(remaining, TimeUnit.NANOSECONDS);
                if (EOF.equals(line))
                {
                    stdoutEnded = true;
                }
                else if (null != line)
                {
                    if (matches.test(line))
                    {
                        return line;
                    }
                    lastSeen = line;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * Waits until stdout ended (the child exited and the pipe is drained) and returns what was
     * not yet taken by {@link #awaitLine}.
     *
     * @param timeout how long to wait.
     * @return the remaining complete or final lines, in order.
     */
    public List<String> remainingLines(final Duration timeout)
    {
        try
        {
            stdoutReader.join(timeout.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        if (stdoutReader.isAlive())
        {
            throw new AssertionError("child stdout still open after " + timeout + "\n" + stderr());
        }
        final List<String> rest = new ArrayList<>();
        lines.drainTo(rest);
        rest.remove(EOF);
        stdoutEnded = true;
        return rest;
    }

    /**
     * Writes a line to the child's stdin.
     *
     * @param line the line, without its terminator.
     */
    public void send(final String line)
    {
        try
        {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write to child stdin\n" + stderr(), ex);
        }
    }

    /**
     * Kills the child with SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook, no
     * finally block, no close runs in it.
     *
     * @param timeout how long to wait for it to be gone.
     * @return its exit status.
     */
    public int kill9(final Duration timeout)
    {
        process.destroyForcibly();
        return awaitExit(timeout);
    }

    /**
     * @param timeout how long to wait.
     * @return the child's exit status.
     * @throws AssertionError when it is still running after {@code timeout}.
     */
    public int awaitExit(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new AssertionError("child still running after " + timeout + "\n" + stderr());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        return process.exitValue();
    }

    /**
     * @return the child's stderr so far, for failure messages.
     */
    public String stderr()
    {
        try
        {
            return "--- child stderr (" + stderrFile + ") ---\n" + Files.readString(stderrFile, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "--- child stderr unreadable: " + ex + " ---";
        }
    }

    /**
     * Kills the child if it still runs.
     */
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readStdout()
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // The pipe breaks when the child is killed: that ends stdout too.
        }
        finally
        {
            lines.add(EOF);
        }
    }
}
