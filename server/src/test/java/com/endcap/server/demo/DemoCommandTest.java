package com.endcap.server.demo;

import com.endcap.inventory.InventoryStore;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(90)
class DemoCommandTest
{
    @TempDir
    Path dir;

    @Test
    void runsUntilStoppedPrintingStatusAndClosesCleanlyThenReusesTheDirectory() throws Exception
    {
        // given
        final DemoConfig config = new DemoConfig(dir.resolve("demo"), "127.0.0.1", 8080, 200);

        // when
        final String first = runUntilStatusLines(config, 2);
        final String second = runUntilStatusLines(config, 1);

        // then
        assertThat(first)
            .contains("data dir   " + config.dataDir() + " (new)")
            .contains("20 stores, 2 warehouses, 5000 SKUs; " + DemoRetailer.standard().recordCount() + " stock records")
            .contains("churn      200 stock changes/s")
            .contains("not listening yet: 127.0.0.1:8080")
            .contains("S001 Main St: ")
            .contains("closed cleanly");
        assertThat(second)
            .contains("(reused)")
            .contains("kept as the last run left them")
            .contains("closed cleanly");
        assertThat(Files.exists(config.dataDir().resolve(InventoryStore.CLEAN_MARKER))).isTrue();
    }

    private static String runUntilStatusLines(final DemoConfig config, final int lines) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final CountDownLatch stop = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final DemoCommand target = new DemoCommand(config, out, Duration.ofMillis(100), SystemEpochClock.INSTANCE, 42);
        final Thread runner = new Thread(() ->
        {
            try
            {
                target.run(stop);
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }, "demo-command-test");
        runner.start();

        await().atMost(Duration.ofSeconds(60))
            .until(() -> null != failure.get() || statusLines(bytes.toString(StandardCharsets.UTF_8)) >= lines);
        stop.countDown();
        runner.join();

        assertThat(failure.get()).isNull();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static long statusLines(final String output)
    {
        return output.lines().filter(line -> line.contains(" | changes applied ")).count();
    }
}
