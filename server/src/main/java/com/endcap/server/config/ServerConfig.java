package com.endcap.server.config;

import com.endcap.bidder.decision.AuctionRule;
import com.endcap.bidder.decision.EngineConfig;
import com.endcap.inventory.InventoryConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a server process is configured with, read once at start from three layers: the
 * documented defaults ({@code endcap-defaults.conf}, HOCON), an optional file given with
 * {@code --config}, and the {@code ENDCAP_*} environment variables ({@link #ENVIRONMENT}), each
 * overriding the one before. {@link #load} validates every value and fails with a message naming
 * the key, the value and what it accepts. {@link #toString()} never shows the secrets.
 *
 * @param host             listen address.
 * @param port             listen port, 0 for an ephemeral port (tests).
 * @param dataDir          absolute data directory.
 * @param adminToken       admin bearer token; empty when not configured.
 * @param signingKey       event URL signing key; empty when not configured.
 * @param publicBaseUrl    absolute base of event URLs, or empty for relative URLs.
 * @param http             transport limits.
 * @param corsOrigins      origins allowed by CORS; {@code *} for any.
 * @param engine           decision engine settings.
 * @param tokenTtlSeconds  event URL validity and replay window.
 * @param replayMaxEntries most event keys remembered per window.
 * @param inventory        stock store settings.
 * @param inventoryRole    whether this process writes the stock store or reads one that an
 *                         {@code inventory-sync} process writes.
 * @param inStockUnits     units for a snapshot row saying only "in stock".
 * @param limitedUnits     units for a snapshot row saying only "limited availability".
 * @param maxSnapshotRows  largest snapshot accepted.
 * @param segmentMaxUsers  most shoppers whose segments are held.
 * @param demoChurn        the demo's simulated stock changes per second.
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String adminToken,
    String signingKey,
    String publicBaseUrl,
    Http http,
    List<String> corsOrigins,
    EngineConfig engine,
    long tokenTtlSeconds,
    int replayMaxEntries,
    InventoryConfig inventory,
    Role inventoryRole,
    int inStockUnits,
    int limitedUnits,
    int maxSnapshotRows,
    int segmentMaxUsers,
    int demoChurn)
{
    /** The environment variables and the keys they override, over the defaults and any file. */
    public static final Map<String, String> ENVIRONMENT = Map.of(
        "ENDCAP_HOST", "endcap.host",
        "ENDCAP_PORT", "endcap.port",
        "ENDCAP_DATA_DIR", "endcap.data-dir",
        "ENDCAP_ADMIN_TOKEN", "endcap.admin-token",
        "ENDCAP_SIGNING_KEY", "endcap.signing-key",
        "ENDCAP_PUBLIC_BASE_URL", "endcap.public-base-url",
        "ENDCAP_DEMO_CHURN", "endcap.demo.churn");

    /** How a server process uses the stock store of its data directory. */
    public enum Role
    {
        /** The one writer: takes inventory pushes itself. */
        WRITER,
        /** Reads what an {@code inventory-sync} process on the same host writes. */
        READER
    }

    /** Shortest signing key accepted. */
    public static final int MIN_SIGNING_KEY_LENGTH = 16;
    /** Most simulated stock changes per second the demo accepts. */
    public static final int MAX_DEMO_CHURN = 100_000;

    /**
     * Transport limits.
     *
     * @param maxBodyBytes          largest request body (413 beyond).
     * @param maxHeaderBytes        largest header block (431 beyond).
     * @param maxInitialLineBytes   longest request line (414 beyond).
     * @param idleTimeoutSeconds    idle connections are closed after this.
     * @param maxConnections        connections beyond this are refused.
     * @param ioThreads             event-loop threads, 0 for one per core.
     * @param shutdownTimeoutMillis how long shutdown waits for requests in flight.
     */
    public record Http(
        int maxBodyBytes, int maxHeaderBytes, int maxInitialLineBytes, int idleTimeoutSeconds, int maxConnections,
        int ioThreads, long shutdownTimeoutMillis)
    {
    }

    /**
     * Reads and validates the configuration.
     *
     * @param file       a config file overriding the defaults, or null.
     * @param env        the environment, e.g. {@link System#getenv()}.
     * @param workingDir directory a relative data directory is resolved against.
     * @return the configuration.
     * @throws IllegalArgumentException naming the first bad key and what it accepts.
     */
    public static ServerConfig load(final Path file, final Map<String, String> env, final Path workingDir)
    {
        final Config defaults = ConfigFactory.parseResources(ServerConfig.class.getClassLoader(), "endcap-defaults.conf",
            ConfigParseOptions.defaults().setAllowMissing(false));
        Config layered = defaults;
        if (null != file)
        {
            if (!Files.isReadable(file))
            {
                throw new IllegalArgumentException("config file " + file + " does not exist or cannot be read");
            }
            try
            {
                layered = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .withFallback(defaults);
            }
            catch (final ConfigException ex)
            {
                throw new IllegalArgumentException("config file " + file + ": " + ex.getMessage(), ex);
            }
        }
        final Map<String, Object> overrides = new HashMap<>();
        ENVIRONMENT.forEach((variable, key) ->
        {
            final String value = env.get(variable);
            if (null != value)
            {
                overrides.put(key, value);
            }
        });
        final Config config;
        try
        {
            config = ConfigFactory.parseMap(overrides, "environment")
                .withFallback(layered)
                .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
        }
        catch (final ConfigException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
        return fromConfig(config.getConfig("endcap"), workingDir);
    }

    private static ServerConfig fromConfig(final Config c, final Path workingDir)
    {
        final Reader r = new Reader(c);
        final String host = r.string("host");
        if (host.isBlank())
        {
            throw r.bad("host", host, "a host name or IP address");
        }
        final int port = r.integer("port", 0, 65_535, "a TCP port 0..65535 (0 picks a free one)");
        final Path dataDir = dataDir(r, workingDir);
        final String adminToken = r.string("admin-token");
        final String signingKey = r.string("signing-key");
        if (!signingKey.isEmpty() && signingKey.length() < MIN_SIGNING_KEY_LENGTH)
        {
            throw new IllegalArgumentException("endcap.signing-key must be at least " + MIN_SIGNING_KEY_LENGTH +
                " characters (ENDCAP_SIGNING_KEY); the value is not shown");
        }
        final String publicBaseUrl = r.string("public-base-url");
        if (!publicBaseUrl.isEmpty() && !publicBaseUrl.matches("https?://[^\\s]+"))
        {
            throw r.bad("public-base-url", publicBaseUrl, "an absolute http(s) URL or empty");
        }

        final Http http = new Http(
            (int)r.bytes("http.max-body", 1024, 1L << 30),
            (int)r.bytes("http.max-header", 1024, 1L << 20),
            (int)r.bytes("http.max-initial-line", 256, 1L << 20),
            (int)r.seconds("http.idle-timeout", 1, 86_400),
            r.integer("http.max-connections", 1, 1_000_000, "1..1000000"),
            r.integer("http.io-threads", 0, 256, "0 (one per core) .. 256"),
            r.millis("http.shutdown-timeout", 0, 600_000));

        final List<String> corsOrigins = r.strings("cors.origins");
        for (final String origin : corsOrigins)
        {
            if (!"*".equals(origin) && !origin.matches("https?://[^/\\s]+"))
            {
                throw r.bad("cors.origins", origin, "\"*\" or origins like https://shop.example.com (no path)");
            }
        }

        final EngineConfig engine;
        try
        {
            final String auction = r.string("decision.auction").toLowerCase(Locale.ROOT);
            final AuctionRule rule = switch (auction)
            {
                case "second_price" -> AuctionRule.SECOND_PRICE;
                case "first_price" -> AuctionRule.FIRST_PRICE;
                default -> throw r.bad("decision.auction", auction, "second_price or first_price");
            };
            final Map<String, Double> floors = new HashMap<>();
            for (final Map.Entry<String, ConfigValue> entry : c.getConfig("decision.slot-floors-cpm").entrySet())
            {
                floors.put(entry.getKey(), r.number("decision.slot-floors-cpm." + entry.getKey()));
            }
            engine = new EngineConfig(
                rule,
                r.number("decision.price-increment"),
                r.number("decision.default-floor-cpm"),
                floors,
                r.seconds("decision.max-stock-age", 0, 365L * 86_400),
                r.number("decision.max-pickup-radius-km"),
                r.integer("decision.max-nearby-stores", 1, EngineConfig.MAX_NEARBY_STORES, "1.." + EngineConfig.MAX_NEARBY_STORES),
                r.integer("decision.limited-units", 0, 1_000_000, "0..1000000"),
                r.millis("decision.oversell-horizon", 0, 14L * 86_400_000) / 3_600_000.0,
                r.bool("decision.one-per-advertiser"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ex.getMessage().startsWith("endcap.") ? ex : new IllegalArgumentException("endcap.decision: " + ex.getMessage(), ex);
        }

        final long tokenTtl = r.seconds("events.token-ttl", 60, 30L * 86_400);
        final int replayMax = r.integer("events.replay-max-entries", 1_000, 100_000_000, "1000..100000000");

        final String durability = r.string("inventory.durability").toLowerCase(Locale.ROOT);
        final InventoryConfig.Durability mode = switch (durability)
        {
            case "process" -> InventoryConfig.Durability.PROCESS;
            case "os" -> InventoryConfig.Durability.OS;
            default -> throw r.bad("inventory.durability", durability, "process or os");
        };
        final String roleName = r.string("inventory.role").toLowerCase(Locale.ROOT);
        final Role role = switch (roleName)
        {
            case "writer" -> Role.WRITER;
            case "reader" -> Role.READER;
            default -> throw r.bad("inventory.role", roleName, "writer or reader");
        };
        final InventoryConfig inventory = InventoryConfig.defaults(dataDir)
            .withMaxEntries(r.integer("inventory.max-entries", 1_000, 500_000_000, "1000..500000000"))
            .withDurability(mode);

        return new ServerConfig(
            host, port, dataDir, adminToken, signingKey, publicBaseUrl, http, corsOrigins, engine, tokenTtl, replayMax,
            inventory, role,
            r.integer("inventory.in-stock-units", 1, 1_000_000, "1..1000000"),
            r.integer("inventory.limited-units", 1, 1_000_000, "1..1000000"),
            r.integer("inventory.max-snapshot-rows", 1, 100_000_000, "1..100000000"),
            r.integer("segments.max-users", 1, 100_000_000, "1..100000000"),
            r.integer("demo.churn", 0, MAX_DEMO_CHURN, "0.." + MAX_DEMO_CHURN + " stock changes per second (0 turns the churn off)"));
    }

    private static Path dataDir(final Reader r, final Path workingDir)
    {
        final String value = r.string("data-dir");
        try
        {
            if (value.isBlank())
            {
                throw r.bad("data-dir", value, "a directory path");
            }
            final Path dir = workingDir.resolve(value).toAbsolutePath().normalize();
            if (Files.exists(dir) && !Files.isDirectory(dir))
            {
                throw r.bad("data-dir", value, "a directory (it names a file)");
            }
            return dir;
        }
        catch (final InvalidPathException ex)
        {
            throw r.bad("data-dir", value, "a valid path");
        }
    }

    /**
     * @param adminToken the admin token to use.
     * @param signingKey the signing key to use.
     * @return a copy with those secrets (the demo fills in generated ones).
     */
    public ServerConfig withSecrets(final String adminToken, final String signingKey)
    {
        return new ServerConfig(host, port, dataDir, adminToken, signingKey, publicBaseUrl, http, corsOrigins, engine,
            tokenTtlSeconds, replayMaxEntries, inventory, inventoryRole, inStockUnits, limitedUnits, maxSnapshotRows, segmentMaxUsers,
            demoChurn);
    }

    /**
     * @param inventory stock store settings.
     * @return a copy with them.
     */
    public ServerConfig withInventory(final InventoryConfig inventory)
    {
        return new ServerConfig(host, port, dataDir, adminToken, signingKey, publicBaseUrl, http, corsOrigins, engine,
            tokenTtlSeconds, replayMaxEntries, inventory, inventoryRole, inStockUnits, limitedUnits, maxSnapshotRows, segmentMaxUsers,
            demoChurn);
    }

    /**
     * Checks what {@code serve} needs beyond the demo: both secrets set.
     *
     * @return this.
     * @throws IllegalArgumentException naming the missing secret.
     */
    public ServerConfig requireSecrets()
    {
        if (adminToken.isEmpty())
        {
            throw new IllegalArgumentException("endcap.admin-token is required (set ENDCAP_ADMIN_TOKEN or admin-token in the config file)");
        }
        if (signingKey.isEmpty())
        {
            throw new IllegalArgumentException("endcap.signing-key is required (set ENDCAP_SIGNING_KEY or signing-key in the config file)");
        }
        return this;
    }

    public String toString()
    {
        return "ServerConfig{host=" + host + ", port=" + port + ", dataDir=" + dataDir +
            ", adminToken=" + (adminToken.isEmpty() ? "(unset)" : "(set)") +
            ", signingKey=" + (signingKey.isEmpty() ? "(unset)" : "(set)") +
            ", publicBaseUrl=" + publicBaseUrl + ", http=" + http + ", corsOrigins=" + corsOrigins + ", engine=" + engine +
            ", tokenTtlSeconds=" + tokenTtlSeconds + ", inventory=" + inventory + ", demoChurn=" + demoChurn + '}';
    }

    /** Typed reads with messages naming the full key. */
    private static final class Reader
    {
        private final Config c;

        Reader(final Config c)
        {
            this.c = c;
        }

        IllegalArgumentException bad(final String key, final Object value, final String accepts)
        {
            return new IllegalArgumentException("endcap." + key + " must be " + accepts + ", got '" + value + "'");
        }

        String string(final String key)
        {
            try
            {
                return c.getString(key).trim();
            }
            catch (final ConfigException ex)
            {
                throw new IllegalArgumentException("endcap." + key + ": " + ex.getMessage(), ex);
            }
        }

        List<String> strings(final String key)
        {
            try
            {
                return List.copyOf(c.getStringList(key));
            }
            catch (final ConfigException ex)
            {
                throw new IllegalArgumentException("endcap." + key + " must be a list of strings: " + ex.getMessage(), ex);
            }
        }

        int integer(final String key, final int min, final int max, final String accepts)
        {
            final String raw = string(key);
            try
            {
                final long value = Long.parseLong(raw);
                if (value < min || value > max)
                {
                    throw bad(key, raw, accepts);
                }
                return (int)value;
            }
            catch (final NumberFormatException ex)
            {
                throw bad(key, raw, accepts);
            }
        }

        double number(final String key)
        {
            final String raw = string(key);
            try
            {
                final double value = Double.parseDouble(raw);
                if (!Double.isFinite(value))
                {
                    throw bad(key, raw, "a finite number");
                }
                return value;
            }
            catch (final NumberFormatException ex)
            {
                throw bad(key, raw, "a number");
            }
        }

        boolean bool(final String key)
        {
            try
            {
                return c.getBoolean(key);
            }
            catch (final ConfigException ex)
            {
                throw bad(key, c.getValue(key).unwrapped(), "true or false");
            }
        }

        long bytes(final String key, final long min, final long max)
        {
            try
            {
                final long value = c.getBytes(key);
                if (value < min || value > max)
                {
                    throw bad(key, c.getValue(key).unwrapped(), "a size between " + min + " and " + max + " bytes (e.g. 8k, 10m)");
                }
                return value;
            }
            catch (final ConfigException ex)
            {
                throw bad(key, c.getValue(key).unwrapped(), "a size such as 8k or 10m");
            }
        }

        long seconds(final String key, final long min, final long max)
        {
            return millis(key, min * 1000, max * 1000) / 1000;
        }

        long millis(final String key, final long min, final long max)
        {
            try
            {
                final Duration value = c.getDuration(key);
                if (value.toMillis() < min || value.toMillis() > max)
                {
                    throw bad(key, c.getValue(key).unwrapped(), "a duration between " + Duration.ofMillis(min) + " and " +
                        Duration.ofMillis(max) + " (e.g. 30s, 2h)");
                }
                return value.toMillis();
            }
            catch (final ConfigException ex)
            {
                throw bad(key, c.getValue(key).unwrapped(), "a duration such as 30s or 2h");
            }
        }
    }
}
