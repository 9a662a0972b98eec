package com.endcap.benchmarks;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Main class of {@code benchmarks.jar}: JMH's command line, with every fork started on the
 * project's one list of JVM flags and a pinned heap.
 * <p>
 * Arguments are JMH's own ({@code -h} lists them) plus {@value #QUICK_ARG} (or
 * {@code -D}{@value #QUICK_PROPERTY}{@code =true}) for a smoke run of the whole suite in a few
 * minutes: {@value #QUICK_FORKS} fork, {@value #QUICK_WARMUP_ITERATIONS} warmup and
 * {@value #QUICK_MEASUREMENT_ITERATIONS} measurement iterations of 1 s, and
 * {@code entries=}{@value #QUICK_ENTRIES}. Options given on the command line win over the quick
 * defaults.
 * <p>
 * Every fork gets, appended after any {@code -jvmArgsAppend} given: the flags in the classpath
 * resource {@value #JVM_OPTIONS_RESOURCE} (the parent pom's {@code endcap.jvm.flags}, filtered
 * into the inventory-sync jar at build time), then {@value #DEFAULT_HEAP} unless the command line
 * already sets {@code -Xmx}.
 */
public final class BenchmarkMain
{
    /** Argument that selects the quick mode. */
    public static final String QUICK_ARG = "-quick";
    /** System property that selects the quick mode. */
    public static final String QUICK_PROPERTY = "endcap.bench.quick";
    /** Classpath resource holding the JVM flags, whitespace separated. */
    public static final String JVM_OPTIONS_RESOURCE = "endcap-jvm.options";
    /** Heap of every fork unless the command line sets {@code -Xmx}: 10M entries' index is ~270 MB. */
    public static final String DEFAULT_HEAP = "-Xms2g -Xmx2g";

    static final int QUICK_FORKS = 1;
    static final int QUICK_WARMUP_ITERATIONS = 2;
    static final int QUICK_MEASUREMENT_ITERATIONS = 3;
    static final String QUICK_ENTRIES = "1000000";

    private BenchmarkMain()
    {
    }

    /**
     * @param args JMH arguments, and optionally {@value #QUICK_ARG}.
     * @throws Exception when JMH fails to run.
     */
    public static void main(final String[] args) throws Exception
    {
        boolean quick = Boolean.getBoolean(QUICK_PROPERTY);
        final List<String> jmhArgs = new ArrayList<>();
        for (final String arg : args)
        {
            if (QUICK_ARG.equals(arg))
            {
                quick = true;
            }
            else
            {
                jmhArgs.add(arg);
            }
        }

        final CommandLineOptions cmd;
        try
        {
            cmd = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("Error parsing command line: " + ex.getMessage());
            System.exit(1);
            return;
        }

        if (cmd.shouldHelp())
        {
            cmd.showHelp();
            System.out.println();
            System.out.println("Endcap: " + QUICK_ARG + " (or -D" + QUICK_PROPERTY + "=true) runs the suite quickly: " +
                QUICK_FORKS + " fork, " + QUICK_WARMUP_ITERATIONS + "x1s warmup, " + QUICK_MEASUREMENT_ITERATIONS +
                "x1s measurement, entries=" + QUICK_ENTRIES + ".");
            return;
        }
        if (cmd.shouldListProfilers())
        {
            cmd.listProfilers();
            return;
        }
        if (cmd.shouldListResultFormats())
        {
            cmd.listResultFormats();
            return;
        }

        final ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd).jvmArgsAppend(forkArgsAppend(cmd));
        if (quick)
        {
            applyQuickDefaults(cmd, options);
        }

        final Runner runner = new Runner(options.build());
        if (cmd.shouldList())
        {
            runner.list();
        }
        else if (cmd.shouldListWithParams())
        {
            runner.listWithParams(cmd);
        }
        else
        {
            runner.run();
        }
    }

    /**
     * @param cmd the parsed command line.
     * @return the command line's {@code -jvmArgsAppend}, then the project's flags, then the heap.
     * @throws IOException when the flags resource cannot be read.
     */
    static String[] forkArgsAppend(final CommandLineOptions cmd) throws IOException
    {
        final List<String> append = new ArrayList<>();
        if (cmd.getJvmArgsAppend().hasValue())
        {
            append.addAll(cmd.getJvmArgsAppend().get());
        }
        append.addAll(projectJvmFlags());
        if (!setsMaxHeap(cmd))
        {
            append.addAll(Arrays.asList(DEFAULT_HEAP.split(" ")));
        }
        return append.toArray(new String[0]);
    }

    /**
     * @return the flags of {@value #JVM_OPTIONS_RESOURCE}.
     * @throws IOException          when the resource cannot be read.
     * @throws IllegalStateException when it is missing, empty or was not filtered by the build.
     */
    static List<String> projectJvmFlags() throws IOException
    {
        final String text;
        try (InputStream in = BenchmarkMain.class.getClassLoader().getResourceAsStream(JVM_OPTIONS_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(JVM_OPTIONS_RESOURCE + " is not on the classpath: build with mvn install");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (text.isEmpty() || text.contains("${"))
        {
            throw new IllegalStateException(JVM_OPTIONS_RESOURCE + " is empty or unfiltered: '" + text + "'");
        }
        return Arrays.asList(text.split("\\s+"));
    }

    private static boolean setsMaxHeap(final CommandLineOptions cmd)
    {
        return anyMaxHeap(cmd.getJvmArgs().orElse(List.of())) ||
            anyMaxHeap(cmd.getJvmArgsPrepend().orElse(List.of())) ||
            anyMaxHeap(cmd.getJvmArgsAppend().orElse(List.of()));
    }

    private static boolean anyMaxHeap(final Collection<String> args)
    {
        for (final String arg : args)
        {
            if (arg.startsWith("-Xmx") || arg.startsWith("-XX:MaxHeapSize"))
            {
                return true;
            }
        }
        return false;
    }

    private static void applyQuickDefaults(final CommandLineOptions cmd, final ChainedOptionsBuilder options)
    {
        if (!cmd.getForkCount().hasValue())
        {
            options.forks(QUICK_FORKS);
        }
        if (!cmd.getWarmupIterations().hasValue())
        {
            options.warmupIterations(QUICK_WARMUP_ITERATIONS);
        }
        if (!cmd.getWarmupTime().hasValue())
        {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cmd.getMeasurementIterations().hasValue())
        {
            options.measurementIterations(QUICK_MEASUREMENT_ITERATIONS);
        }
        if (!cmd.getMeasurementTime().hasValue())
        {
            options.measurementTime(TimeValue.seconds(1));
        }
        if (!cmd.getParameter("entries").hasValue())
        {
            options.param("entries", QUICK_ENTRIES);
        }
    }
}
