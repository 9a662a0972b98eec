package com.endcap.benchmarks.load;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the server's flight recording says about a window of wall-clock time: GC pauses,
 * allocation, CPU and where the samples fall. The recording's settings come from {@link #SETTINGS}
 * (written to a {@code .jfc} next to it): per-thread allocation totals every second, every GC,
 * CPU load every second, execution samples every 10 ms, throttled allocation samples.
 * <p>
 * <b>Allocation per request</b>: {@code jdk.ThreadAllocationStatistics} is each thread's
 * cumulative allocated bytes (the counter {@code ThreadMXBean.getThreadAllocatedBytes} reads,
 * exact, TLAB and outside). For each thread, the first and last samples inside a window give a
 * rate (bytes/s); summed over the Netty event loops (where decisions are decoded, decided and
 * encoded inline) and over every thread of the process, and divided by the requests per second
 * answered in that window. Open-loop runs hold a steady rate, so rate over rate is bytes per
 * request without aligning the samples to request counts.
 * <p>
 * Read once, after the server has stopped and the recording is complete; then immutable.
 */
final class JfrReport
{
    /** JFR settings of the server's recording. */
    static final String SETTINGS = String.join("\n",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<configuration version=\"2.0\" label=\"endcap-load\" description=\"Endcap load harness: GC, allocation, CPU, samples\">",
        event("jdk.ThreadAllocationStatistics", "<setting name=\"period\">1 s</setting>"),
        event("jdk.GarbageCollection", "<setting name=\"threshold\">0 ms</setting>"),
        event("jdk.GCPhasePause", "<setting name=\"threshold\">0 ms</setting>"),
        event("jdk.GCHeapSummary", ""),
        event("jdk.CPULoad", "<setting name=\"period\">1 s</setting>"),
        event("jdk.ExecutionSample", "<setting name=\"period\">10 ms</setting>"),
        event("jdk.ObjectAllocationSample", "<setting name=\"throttle\">300/s</setting><setting name=\"stackTrace\">true</setting>"),
        "</configuration>",
        "");

    private static final int FRAMES_KEPT = 24;

    private record Gc(long atNanos, String name, String cause, long sumOfPausesNanos, long longestPauseNanos)
    {
    }

    private record Allocated(long atNanos, long threadId, String thread, long bytes)
    {
    }

    private record Cpu(long atNanos, double jvm, double machine)
    {
    }

    private record Sample(long atNanos, String thread, String[] frames)
    {
    }

    private record AllocationSample(long atNanos, String type, String site, long weight)
    {
    }

    /**
     * GC in a window.
     *
     * @param collections   collections that started in it.
     * @param pauses        their pauses summed, ns.
     * @param longestPause  the longest single pause, ns.
     * @param over1ms       collections with a pause over 1 ms.
     */
    record GcStats(int collections, long pauses, long longestPause, int over1ms)
    {
        /**
         * @return e.g. {@code 3 GCs, max 2.10 ms, total 4.80 ms (1 > 1 ms)}.
         */
        String describe()
        {
            return String.format(Locale.ROOT, "%d GCs, max %.2f ms, total %.2f ms (%d > 1 ms)", collections, longestPause / 1e6,
                pauses / 1e6, over1ms);
        }
    }

    /**
     * Allocation and CPU in a window.
     *
     * @param eventLoopBytesPerSecond allocated by the Netty event loops.
     * @param processBytesPerSecond   allocated by every thread.
     * @param jvmCpu                  mean share of the machine's CPU the server used, 0..1.
     * @param machineCpu              mean share of the machine's CPU used by everything, 0..1.
     */
    record Rates(double eventLoopBytesPerSecond, double processBytesPerSecond, double jvmCpu, double machineCpu)
    {
    }

    private final List<Gc> gcs = new ArrayList<>();
    private final List<Allocated> allocated = new ArrayList<>();
    private final List<Cpu> cpu = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<AllocationSample> allocationSamples = new ArrayList<>();

    private JfrReport()
    {
    }

    /**
     * @param file the recording.
     * @return its events of interest.
     * @throws IOException when it cannot be read.
     */
    static JfrReport read(final Path file) throws IOException
    {
        final JfrReport report = new JfrReport();
        try (RecordingFile recording = new RecordingFile(file))
        {
            while (recording.hasMoreEvents())
            {
                report.add(recording.readEvent());
            }
        }
        report.allocated.sort(Comparator.comparingLong(Allocated::atNanos));
        report.gcs.sort(Comparator.comparingLong(Gc::atNanos));
        return report;
    }

    /**
     * @param file where to write {@link #SETTINGS}.
     * @throws IOException when it cannot be written.
     */
    static void writeSettings(final Path file) throws IOException
    {
        Files.writeString(file, SETTINGS, StandardCharsets.UTF_8);
    }

    private void add(final RecordedEvent event)
    {
        final long at = epochNanos(event.getStartTime());
        switch (event.getEventType().getName())
        {
            case "jdk.GarbageCollection" -> gcs.add(new Gc(at, event.getString("name"), event.getString("cause"),
                event.getLong("sumOfPauses"), event.getLong("longestPause")));
            case "jdk.ThreadAllocationStatistics" ->
            {
                final RecordedThread thread = event.getValue("thread");
                if (null != thread)
                {
                    allocated.add(new Allocated(at, thread.getJavaThreadId(), name(thread), event.getLong("allocated")));
                }
            }
            case "jdk.CPULoad" -> cpu.add(new Cpu(at, event.getFloat("jvmUser") + event.getFloat("jvmSystem"),
                event.getFloat("machineTotal")));
            case "jdk.ExecutionSample" -> samples.add(new Sample(at, name(event.getThread("sampledThread")),
                frames(event.getStackTrace())));
            case "jdk.ObjectAllocationSample" ->
            {
                final String[] frames = frames(event.getStackTrace());
                allocationSamples.add(new AllocationSample(at, event.getClass("objectClass").getName(), site(frames),
                    event.getLong("weight")));
            }
            default ->
            {
                // Other events of the settings (heap summaries, pause phases) are for a human with JMC.
            }
        }
    }

    /**
     * @param from window start.
     * @param to   window end.
     * @return GC in it.
     */
    GcStats gc(final Instant from, final Instant to)
    {
        final long start = epochNanos(from);
        final long end = epochNanos(to);
        int count = 0;
        long sum = 0;
        long longest = 0;
        int over = 0;
        for (final Gc gc : gcs)
        {
            if (gc.atNanos >= start && gc.atNanos < end)
            {
                count++;
                sum += gc.sumOfPausesNanos;
                longest = Math.max(longest, gc.longestPauseNanos);
                over += gc.longestPauseNanos > 1_000_000 ? 1 : 0;
            }
        }
        return new GcStats(count, sum, longest, over);
    }

    /**
     * @param from window start.
     * @param to   window end.
     * @return the collections in it, one line each.
     */
    List<String> gcLines(final Instant from, final Instant to)
    {
        final List<String> lines = new ArrayList<>();
        for (final Gc gc : gcs)
        {
            if (gc.atNanos >= epochNanos(from) && gc.atNanos < epochNanos(to))
            {
                lines.add(String.format(Locale.ROOT, "%s %s (%s): pauses %.3f ms, longest %.3f ms",
                    Instant.ofEpochSecond(0, gc.atNanos), gc.name, gc.cause, gc.sumOfPausesNanos / 1e6, gc.longestPauseNanos / 1e6));
            }
        }
        return lines;
    }

    /**
     * @param from window start.
     * @param to   window end.
     * @return allocation and CPU rates in it.
     */
    Rates rates(final Instant from, final Instant to)
    {
        final long start = epochNanos(from);
        final long end = epochNanos(to);
        final Map<Long, Allocated> first = new HashMap<>();
        final Map<Long, Allocated> last = new HashMap<>();
        for (final Allocated sample : allocated)
        {
            if (sample.atNanos >= start && sample.atNanos <= end)
            {
                first.putIfAbsent(sample.threadId, sample);
                last.put(sample.threadId, sample);
            }
        }
        double eventLoops = 0;
        double process = 0;
        for (final Map.Entry<Long, Allocated> entry : first.entrySet())
        {
            final Allocated a = entry.getValue();
            final Allocated b = last.get(entry.getKey());
            if (b.atNanos > a.atNanos)
            {
                final double rate = (b.bytes - a.bytes) / ((b.atNanos - a.atNanos) / 1e9);
                process += rate;
                if (isEventLoop(a.thread))
                {
                    eventLoops += rate;
                }
            }
        }
        double jvm = 0;
        double machine = 0;
        int n = 0;
        for (final Cpu load : cpu)
        {
            if (load.atNanos >= start && load.atNanos <= end)
            {
                jvm += load.jvm;
                machine += load.machine;
                n++;
            }
        }
        return new Rates(eventLoops, process, 0 == n ? Double.NaN : jvm / n, 0 == n ? Double.NaN : machine / n);
    }

    /**
     * A text profile of a window: samples by thread, hottest methods on top of the stack, hottest
     * Endcap methods (the first {@code com.endcap} frame from the top), and what was allocated where.
     *
     * @param from window start.
     * @param to   window end.
     * @param top  rows per list.
     * @return the profile, several lines.
     */
    String profile(final Instant from, final Instant to, final int top)
    {
        final long start = epochNanos(from);
        final long end = epochNanos(to);
        final Map<String, Long> byThread = new HashMap<>();
        final Map<String, Long> selfFrames = new HashMap<>();
        final Map<String, Long> endcapFrames = new HashMap<>();
        final Map<String, Long> eventLoopSelf = new HashMap<>();
        long total = 0;
        long eventLoopTotal = 0;
        for (final Sample sample : samples)
        {
            if (sample.atNanos < start || sample.atNanos > end)
            {
                continue;
            }
            total++;
            byThread.merge(threadGroup(sample.thread), 1L, Long::sum);
            final String self = sample.frames.length > 0 ? sample.frames[0] : "(no frames)";
            selfFrames.merge(self, 1L, Long::sum);
            if (isEventLoop(sample.thread))
            {
                eventLoopTotal++;
                eventLoopSelf.merge(self, 1L, Long::sum);
            }
            for (final String frame : sample.frames)
            {
                if (frame.startsWith("com.endcap."))
                {
                    endcapFrames.merge(frame, 1L, Long::sum);
                    break;
                }
            }
        }
        final Map<String, Long> allocationByType = new HashMap<>();
        final Map<String, Long> allocationBySite = new HashMap<>();
        long allocationTotal = 0;
        for (final AllocationSample sample : allocationSamples)
        {
            if (sample.atNanos >= start && sample.atNanos <= end)
            {
                allocationTotal += sample.weight;
                allocationByType.merge(sample.type, sample.weight, Long::sum);
                allocationBySite.merge(sample.site, sample.weight, Long::sum);
            }
        }
        final StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "execution samples: %d (10 ms period, Java threads in Java code only)%n", total));
        appendTop(text, "by thread", byThread, total, top);
        appendTop(text, "top of stack, all threads", selfFrames, total, top);
        appendTop(text, "top of stack, event loops (" + eventLoopTotal + " samples)", eventLoopSelf, eventLoopTotal, top);
        appendTop(text, "first com.endcap frame from the top, all threads", endcapFrames, total, top);
        appendTop(text, "allocation by type (sampled weight)", allocationByType, allocationTotal, top);
        appendTop(text, "allocation by site (first frame outside java.*, jdk.*)", allocationBySite, allocationTotal, top);
        return text.toString();
    }

    private static void appendTop(
        final StringBuilder text, final String title, final Map<String, Long> counts, final long total, final int top)
    {
        text.append("  ").append(title).append(":\n");
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .forEach(entry -> text.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n",
                0 == total ? 0.0 : 100.0 * entry.getValue() / total, entry.getKey())));
    }

    private static String event(final String name, final String settings)
    {
        return "  <event name=\"" + name + "\"><setting name=\"enabled\">true</setting>" + settings + "</event>";
    }

    static boolean isEventLoop(final String thread)
    {
        return thread.contains("EventLoopGroup") || thread.startsWith("epollEventLoopGroup") || thread.startsWith("nioEventLoopGroup");
    }

    private static String threadGroup(final String thread)
    {
        return isEventLoop(thread) ? "netty event loops" : thread.replaceAll("[-#]?\\d+$", "");
    }

    private static String name(final RecordedThread thread)
    {
        if (null == thread)
        {
            return "(unknown)";
        }
        return null != thread.getJavaName() ? thread.getJavaName() : thread.getOSName();
    }

    private static String[] frames(final RecordedStackTrace stack)
    {
        if (null == stack)
        {
            return new String[0];
        }
        final List<RecordedFrame> frames = stack.getFrames();
        final String[] names = new String[Math.min(FRAMES_KEPT, frames.size())];
        for (int i = 0; i < names.length; i++)
        {
            final RecordedFrame frame = frames.get(i);
            names[i] = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
        }
        return names;
    }

    private static String site(final String[] frames)
    {
        for (final String frame : frames)
        {
            if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun."))
            {
                return frame;
            }
        }
        return frames.length > 0 ? frames[0] : "(no frames)";
    }

    private static long epochNanos(final Instant instant)
    {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
