package com.endcap.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EndcapMainTest
{
    @TempDir
    Path workingDir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void helpPrintsUsageAndSucceeds(final String flag)
    {
        // when
        final int status = EndcapMain.run(new String[]{flag}, Map.of(), workingDir, out, err);

        // then
        assertThat(status).isEqualTo(EndcapMain.OK);
        assertThat(out()).startsWith("Usage: endcap <command>").contains("demo", "ENDCAP_DEMO_CHURN", "ENDCAP_DATA_DIR");
        assertThat(err()).isEmpty();
    }

    @Test
    void noCommandPrintsUsageAsAnError()
    {
        // when
        final int status = EndcapMain.run(new String[0], Map.of(), workingDir, out, err);

        // then
        assertThat(status).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).startsWith("Usage: endcap <command>");
        assertThat(out()).isEmpty();
    }

    @Test
    void unknownCommandIsNamedAndUsagePrinted()
    {
        // when
        final int status = EndcapMain.run(new String[]{"serve-everything"}, Map.of(), workingDir, out, err);

        // then
        assertThat(status).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).startsWith("endcap: unknown command 'serve-everything'").contains("Usage: endcap <command>");
    }

    @Test
    void demoRefusesArguments()
    {
        // when
        final int status = EndcapMain.run(new String[]{"demo", "--port", "9000"}, Map.of(), workingDir, out, err);

        // then
        assertThat(status).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).contains("demo takes no arguments", "--port 9000");
    }

    @Test
    void demoRefusesABadEnvironmentBeforeTouchingTheDataDirectory()
    {
        // when
        final int status = EndcapMain.run(
            new String[]{"demo"}, Map.of("ENDCAP_DEMO_CHURN", "lots"), workingDir, out, err);

        // then
        assertThat(status).isEqualTo(EndcapMain.USAGE);
        assertThat(err()).startsWith("endcap: ENDCAP_DEMO_CHURN must be an integer >= 0").contains("got 'lots'");
        assertThat(Files.exists(workingDir.resolve("data"))).isFalse();
    }

    private String out()
    {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}
