package com.endcap.server.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoConfigTest
{
    @TempDir
    Path workingDir;

    @Test
    void usesTheDocumentedDefaultsWhenNothingIsSet()
    {
        // when
        final DemoConfig target = DemoConfig.fromEnv(Map.of(), workingDir);

        // then
        assertThat(target.dataDir()).isEqualTo(workingDir.resolve("data").resolve("demo").toAbsolutePath());
        assertThat(target.host()).isEqualTo("127.0.0.1");
        assertThat(target.port()).isEqualTo(8080);
        assertThat(target.churnPerSecond()).isEqualTo(50);
    }

    @Test
    void readsEveryOverride()
    {
        // given
        final Map<String, String> env = Map.of(
            "ENDCAP_DATA_DIR", "stock/here",
            "ENDCAP_HOST", "0.0.0.0",
            "ENDCAP_PORT", "9090",
            "ENDCAP_DEMO_CHURN", "0");

        // when
        final DemoConfig target = DemoConfig.fromEnv(env, workingDir);

        // then
        assertThat(target.dataDir()).isEqualTo(workingDir.resolve("stock").resolve("here").toAbsolutePath());
        assertThat(target.host()).isEqualTo("0.0.0.0");
        assertThat(target.port()).isEqualTo(9090);
        assertThat(target.churnPerSecond()).isZero();
    }

    @Test
    void keepsAnAbsoluteDataDirectory()
    {
        // given
        final Path elsewhere = workingDir.resolve("elsewhere").toAbsolutePath();

        // when
        final DemoConfig target = DemoConfig.fromEnv(Map.of("ENDCAP_DATA_DIR", elsewhere.toString()), Path.of("/"));

        // then
        assertThat(target.dataDir()).isEqualTo(elsewhere);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "ENDCAP_DEMO_CHURN | -1       | ENDCAP_DEMO_CHURN must be an integer >= 0",
        "ENDCAP_DEMO_CHURN | fast     | ENDCAP_DEMO_CHURN must be an integer >= 0",
        "ENDCAP_DEMO_CHURN | 2.5      | got '2.5'",
        "ENDCAP_DEMO_CHURN | \"\"     | ENDCAP_DEMO_CHURN must be an integer >= 0",
        "ENDCAP_DEMO_CHURN | 100001   | <= 100000",
        "ENDCAP_PORT       | 0        | ENDCAP_PORT must be a TCP port 1..65535, got 0",
        "ENDCAP_PORT       | 65536    | ENDCAP_PORT must be a TCP port 1..65535",
        "ENDCAP_PORT       | http     | got 'http'",
        "ENDCAP_HOST       | \"\"     | ENDCAP_HOST must be a host name or IP address",
        "ENDCAP_HOST       | a b      | ENDCAP_HOST must be a host name or IP address",
        "ENDCAP_DATA_DIR   | \" \"    | ENDCAP_DATA_DIR must name a directory",
    })
    void refusesABadValueNamingTheVariable(final String name, final String value, final String message)
    {
        assertThatThrownBy(() -> DemoConfig.fromEnv(Map.of(name, value), workingDir))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
    }

    @Test
    void refusesADataDirectoryThatIsAFile() throws Exception
    {
        // given
        final Path file = Files.createFile(workingDir.resolve("not-a-dir"));

        // then
        assertThatThrownBy(() -> DemoConfig.fromEnv(Map.of("ENDCAP_DATA_DIR", file.toString()), workingDir))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("ENDCAP_DATA_DIR must be a directory");
    }
}
