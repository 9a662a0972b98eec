package com.endcap.server.config;

import com.endcap.bidder.decision.AuctionRule;
import com.endcap.inventory.InventoryConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest
{
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes()
    {
        // when
        final ServerConfig config = ServerConfig.load(null, Map.of(), dir);

        // then
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(dir.resolve("data/endcap"));
        assertThat(config.adminToken()).isEmpty();
        assertThat(config.engine().auctionRule()).isEqualTo(AuctionRule.SECOND_PRICE);
        assertThat(config.engine().maxStockAgeSeconds()).isEqualTo(86_400);
        assertThat(config.engine().oversellHorizonHours()).isEqualTo(2.0);
        assertThat(config.http().maxBodyBytes()).isEqualTo(10 * 1024 * 1024);
        assertThat(config.tokenTtlSeconds()).isEqualTo(86_400);
        assertThat(config.inventory().durability()).isEqualTo(InventoryConfig.Durability.PROCESS);
        assertThat(config.demoChurn()).isEqualTo(50);
        assertThat(config.corsOrigins()).containsExactly("*");
    }

    @Test
    void fileOverridesDefaultsAndEnvironmentOverridesBoth() throws Exception
    {
        // given
        final Path file = dir.resolve("endcap.conf");
        Files.writeString(file, """
            endcap {
              port = 9000
              host = "0.0.0.0"
              decision { auction = first_price, slot-floors-cpm { product_sidebar = 2.5 } }
              inventory.durability = os
            }
            """);

        // when
        final ServerConfig config = ServerConfig.load(file, Map.of("ENDCAP_PORT", "9100", "ENDCAP_DATA_DIR", "/var/endcap",
            "ENDCAP_DEMO_CHURN", "0", "UNRELATED", "x"), dir);

        // then
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/endcap"));
        assertThat(config.engine().auctionRule()).isEqualTo(AuctionRule.FIRST_PRICE);
        assertThat(config.engine().floorCpm("product_sidebar")).isEqualTo(2.5);
        assertThat(config.inventory().durability()).isEqualTo(InventoryConfig.Durability.OS);
        assertThat(config.demoChurn()).isZero();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "ENDCAP_PORT|70000|endcap.port must be a TCP port",
        "ENDCAP_PORT|eighty|endcap.port must be a TCP port",
        "ENDCAP_DEMO_CHURN|-1|endcap.demo.churn must be 0..100000",
        "ENDCAP_SIGNING_KEY|short|endcap.signing-key must be at least 16 characters",
        "ENDCAP_PUBLIC_BASE_URL|ads.example.com|endcap.public-base-url must be an absolute http(s) URL",
        "ENDCAP_HOST|'  '|endcap.host must be a host name"})
    void badEnvironmentValuesNameTheKey(final String variable, final String value, final String message)
    {
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(variable, value), dir))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "endcap.http.max-body = lots|endcap.http.max-body must be a size",
        "endcap.http.idle-timeout = 0s|endcap.http.idle-timeout must be a duration between",
        "endcap.decision.auction = vickrey|endcap.decision.auction must be second_price or first_price",
        "endcap.decision.max-nearby-stores = 100|endcap.decision.max-nearby-stores must be 1..64",
        "endcap.decision.max-pickup-radius-km = 0|maxPickupRadiusKm must be in (0, 500]",
        "endcap.inventory.durability = disk|endcap.inventory.durability must be process or os",
        "endcap.cors.origins = [\"shop.example.com/path\"]|endcap.cors.origins must be"})
    void badFileValuesNameTheKey(final String line, final String message) throws Exception
    {
        // given
        final Path file = dir.resolve("bad.conf");
        Files.writeString(file, line + "\n");

        // then
        assertThatThrownBy(() -> ServerConfig.load(file, Map.of(), dir))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
    }

    @Test
    void missingFileIsAClearError()
    {
        assertThatThrownBy(() -> ServerConfig.load(dir.resolve("nope.conf"), Map.of(), dir))
            .hasMessageContaining("nope.conf does not exist");
    }

    @Test
    void serveRequiresBothSecretsAndNeverPrintsThem()
    {
        // given
        final ServerConfig config = ServerConfig.load(null, Map.of(
            "ENDCAP_ADMIN_TOKEN", "admin-secret-value", "ENDCAP_SIGNING_KEY", "signing-secret-value"), dir);

        // then
        assertThat(config.requireSecrets()).isSameAs(config);
        assertThat(config.toString()).doesNotContain("admin-secret-value").doesNotContain("signing-secret-value");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of(), dir).requireSecrets())
            .hasMessageContaining("endcap.admin-token is required");
    }
}
