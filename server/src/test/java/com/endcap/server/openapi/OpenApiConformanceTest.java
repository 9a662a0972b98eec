package com.endcap.server.openapi;

import com.endcap.server.app.ServerFixture;
import com.endcap.server.http.Router;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/openapi.yaml} against a real server on loopback, in both directions.
 * <p>
 * Once, before the tests: a retailer is loaded through the admin and inventory endpoints, then
 * every documented operation is exercised (successes, the documented errors, and per operation
 * the generic ones: 401/403 without or with a wrong token, 413, 415, 431), every documented path is
 * probed with the methods it does not document, and paths it does not have are probed. Every
 * exchange is recorded. The tests then check the record: each operation was exercised and every
 * response it gave is documented (status, content type, body schema, headers); undocumented
 * methods are 405s whose {@code Allow} lists exactly the documented methods; unknown paths are
 * 404s; and every route of the server's router is in the document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenApiConformanceTest
{
    /** Values for path parameters when an operation is probed generically. */
    private static final Map<String, String> SAMPLE_PARAMETERS = Map.of("location", "S042", "sku", "100871", "id", "cmp-3");
    /** Methods probed on every documented path that does not document them. */
    private static final List<String> PROBED_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** Paths no route has (none of them promised by API.md). */
    private static final List<String> UNDOCUMENTED_PATHS = List.of(
        "/", "/v1", "/v1/nothing", "/v2/decisions", "/v1/decisions/", "/v1/decisions/x", "/v1/e", "/v1/e/imp/x",
        "/v1/admin", "/v1/admin/campaigns/cmp-3/ads", "/v1/admin/catalog/", "/v1/inventory/S042", "/v1/inventory",
        "/health", "/health/live/x", "/metrics/x", "/V1/DECISIONS");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The server's transport limits, in bytes, small so that the probes that exceed them are small:
     * the server answers those early and closes, and the less a client still has to send, the
     * less often the close resets the connection before the answer is read.
     */
    private static final int MAX_BODY = 4096;
    private static final int MAX_HEADER = 2048;
    private static final int MAX_INITIAL_LINE = 2048;

    @TempDir
    static Path dir;

    private OpenApiDocument document;
    private ConformanceChecker checker;
    private ServerFixture fixture;
    private final AtomicReference<Router> router = new AtomicReference<>();
    private RecordingClient client;
    private RecordedExchange everyPlacement;

    @BeforeAll
    void startTheServerAndExerciseTheApi() throws Exception
    {
        document = OpenApiDocument.load();
        checker = new ConformanceChecker(document);
        fixture = new ServerFixture(dir.resolve("data"), "http.max-body = " + MAX_BODY + "\nhttp.max-header = " + MAX_HEADER +
            "\nhttp.max-initial-line = " + MAX_INITIAL_LINE, router::set);
        client = new RecordingClient(fixture);

        exerciseAnEmptyServer();
        loadTheRetailer();
        exerciseDecisionsAndAdEvents();
        exerciseCommerceEvents();
        exerciseSegments();
        exerciseInventory();
        exerciseAdmin();
        client.get("/metrics");
        probeEveryOperationForItsGenericErrors();
        probeUndocumentedMethodsOnDocumentedPaths();
        probeUndocumentedPaths();
    }

    @AfterAll
    void stopTheServer()
    {
        if (null != fixture)
        {
            fixture.close();
        }
    }

    // ------------------------------------------------------------------------------------------
    // The tests: checks over the recorded exchanges.
    // ------------------------------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyDocumentedOperationIsExercisedAndAnswersAsDocumented()
    {
        return document.operations().stream().map(operation -> DynamicTest.dynamicTest(
            operation.key() + " (" + operation.operationId() + ")", () ->
            {
                final List<RecordedExchange> exchanges = exchangesOf(operation);
                final List<String> problems = new ArrayList<>();
                if (exchanges.isEmpty())
                {
                    problems.add(operation.key() + " is never exercised by this test");
                }
                else if (exchanges.stream().allMatch(e -> e.status() >= 400))
                {
                    problems.add(operation.key() + " never succeeded: " + exchanges);
                }
                problems.addAll(violationsOf(exchanges));
                assertThat(problems).as("what %s answered that the document does not describe", operation.key()).isEmpty();
            }));
    }

    @Test
    void theExerciseCoversEveryPathAndMethodOfTheDocument()
    {
        final Set<String> exercised = new TreeSet<>();
        for (final RecordedExchange exchange : client.exchanges())
        {
            document.operation(exchange.method(), exchange.path()).ifPresent(operation -> exercised.add(operation.key()));
        }

        assertThat(exercised).containsExactlyInAnyOrderElementsOf(
            document.operations().stream().map(OpenApiDocument.Operation::key).collect(Collectors.toList()));
    }

    @TestFactory
    Stream<DynamicTest> undocumentedMethodsOnADocumentedPathAre405ListingExactlyTheDocumentedMethods()
    {
        return document.templates().stream().map(template -> DynamicTest.dynamicTest(template, () ->
        {
            final Set<String> documented = new TreeSet<>(document.methodsOf(template));
            final List<RecordedExchange> probes = client.exchanges().stream()
                .filter(e -> document.templateOf(e.path()).filter(template::equals).isPresent())
                .filter(e -> !documented.contains(e.method()))
                .filter(e -> e.status() != 413 && e.status() != 431)
                .collect(Collectors.toList());
            assertThat(probes).as("probes of %s", template).isNotEmpty();

            final List<String> problems = new ArrayList<>(violationsOf(probes));
            for (final RecordedExchange probe : probes)
            {
                final Set<String> allowed = probe.responseHeaders().firstValue("allow")
                    .map(allow -> (Set<String>)new TreeSet<>(Arrays.asList(allow.split(",\\s*")))).orElse(Set.of());
                if (probe.status() == 405 && !allowed.equals(documented))
                {
                    problems.add(probe.describe() + ": Allow lists " + allowed + ", the document " + documented);
                }
            }
            assertThat(problems).as("methods %s does not document", template).isEmpty();
        }));
    }

    @Test
    void pathsTheDocumentDoesNotHaveAre404InTheErrorShape()
    {
        final List<RecordedExchange> probes = client.exchanges().stream()
            .filter(e -> document.templateOf(e.path()).isEmpty() && e.status() != 414 && e.status() != 431)
            .collect(Collectors.toList());

        assertThat(probes).hasSizeGreaterThanOrEqualTo(UNDOCUMENTED_PATHS.size());
        assertThat(violationsOf(probes)).isEmpty();
    }

    @Test
    void anOverlongRequestLineIs414InTheErrorShape()
    {
        final List<RecordedExchange> probes = client.exchanges().stream().filter(e -> e.path().length() > MAX_INITIAL_LINE)
            .collect(Collectors.toList());

        assertThat(probes).extracting(RecordedExchange::status).containsOnly(414);
        assertThat(violationsOf(probes)).isEmpty();
    }

    @Test
    void everyRouteTheServerHasIsDocumentedWithItsCorsRule()
    {
        // given: the live router, and the document in the router's notation
        final Map<String, Boolean> routes = ServerRoutes.of(router.get());
        final Map<String, Boolean> documented = new TreeMap<>();
        for (final OpenApiDocument.Operation operation : document.operations())
        {
            documented.put(operation.method().toUpperCase(Locale.ROOT) + " " + ServerRoutes.routerPattern(operation.template()),
                operation.cors());
        }

        // then
        assertThat(routes).as("the server's routes").isNotEmpty();
        assertThat(documented.keySet()).as("documented operations").containsAll(routes.keySet());
        for (final Map.Entry<String, Boolean> route : routes.entrySet())
        {
            assertThat(documented.get(route.getKey())).as("x-cors of the path of %s", route.getKey()).isEqualTo(route.getValue());
        }
    }

    @Test
    void operationsWithBearerSecurityRefuseAMissingOrWrongTokenAndOthersNeedNone()
    {
        for (final OpenApiDocument.Operation operation : document.operations())
        {
            final Set<Integer> statuses = exchangesOf(operation).stream().map(RecordedExchange::status).collect(Collectors.toSet());
            if (operation.needsBearerToken())
            {
                assertThat(statuses).as("%s without or with a wrong token", operation.key()).contains(401, 403);
            }
            else
            {
                assertThat(statuses).as("%s needs no token", operation.key()).doesNotContain(401);
            }
        }
    }

    @Test
    void decisionResponseShowsEveryOptionalPartTheDocumentDescribes()
    {
        // given: the decision touching every campaign, with debug
        final JsonNode body = parse(everyPlacement);
        final JsonNode decisions = body.path("decisions");

        // then: pickup with units, a sale price and a distance
        final JsonNode pickup = decisions.path("pdp-sidebar").path(0);
        assertThat(pickup.path("product").has("salePrice")).as("salePrice in %s", pickup).isTrue();
        assertThat(pickup.path("availability").path("mode").asText()).isEqualTo("pickup");
        assertThat(pickup.path("availability").has("units")).isTrue();
        assertThat(pickup.path("availability").has("distanceKm")).isTrue();
        // ship-to, counts hidden
        final JsonNode ship = decisions.path("ship").path(0);
        assertThat(ship.path("availability").path("mode").asText()).as("ship ad in %s", body).isEqualTo("ship");
        assertThat(ship.path("availability").has("shipDays")).isTrue();
        assertThat(ship.path("availability").has("units")).isFalse();
        // the loyalty member variant
        final JsonNode member = decisions.path("member").path(0);
        assertThat(member.path("product").has("memberPrice")).as("member ad in %s", body).isTrue();
        assertThat(member.path("creative").path("variant").asText()).isEqualTo("member");
        assertThat(member.path("availability").path("band").asText()).isEqualTo("limited");
        // a control group, an empty placement and the debug exclusions
        assertThat(body.path("holdouts")).extracting(JsonNode::asText).contains("cmp-holdout");
        assertThat(decisions.path("nothing").isArray() && decisions.path("nothing").isEmpty()).isTrue();
        assertThat(body.path("debug").path("excluded")).extracting(e -> e.path("reason").asText()).contains("holdout");
        // and it conforms
        assertThat(checker.violations(everyPlacement)).isEmpty();
    }

    @Test
    void theCheckRejectsAnUndocumentedFieldAMissingRequiredFieldAndAnUndocumentedStatus()
    {
        // given: a conforming response
        final ObjectNode body = (ObjectNode)parse(everyPlacement);
        assertThat(checker.violations(everyPlacement)).isEmpty();

        // when: a field is added deep inside, a required one removed, or the status changed
        final ObjectNode extra = body.deepCopy();
        ((ObjectNode)extra.path("decisions").path("pdp-sidebar").path(0).path("availability")).put("aisle", 7);
        final ObjectNode missing = body.deepCopy();
        ((ObjectNode)missing.path("decisions").path("pdp-sidebar").path(0).path("pricing")).remove("clearingPrice");
        final ObjectNode extraTop = body.deepCopy();
        extraTop.put("surprise", true);

        // then
        assertThat(checker.violations(withBody(everyPlacement, everyPlacement.status(), extra))).isNotEmpty();
        assertThat(checker.violations(withBody(everyPlacement, everyPlacement.status(), missing))).isNotEmpty();
        assertThat(checker.violations(withBody(everyPlacement, everyPlacement.status(), extraTop))).isNotEmpty();
        assertThat(checker.violations(withBody(everyPlacement, 202, body))).isNotEmpty();
    }

    @Test
    void theDocumentIsWellFormedOpenApi31()
    {
        final JsonNode root = document.root();
        final List<String> problems = new ArrayList<>();
        if (!"3.1.0".equals(root.path("openapi").asText()))
        {
            problems.add("openapi must be 3.1.0");
        }
        for (final String field : List.of("info", "paths", "components"))
        {
            if (!root.has(field))
            {
                problems.add("missing " + field);
            }
        }
        checkRefsResolve(root, "", problems);

        final Set<String> operationIds = new LinkedHashSet<>();
        for (final OpenApiDocument.Operation operation : document.operations())
        {
            if (!operationIds.add(operation.operationId()) || operation.operationId().isEmpty())
            {
                problems.add(operation.key() + ": operationId missing or repeated");
            }
            if (operation.node().path("responses").isEmpty())
            {
                problems.add(operation.key() + ": no responses");
            }
            for (final Iterator<String> statuses = operation.node().path("responses").fieldNames(); statuses.hasNext(); )
            {
                final String status = statuses.next();
                if (!document.follow(operation.pointer() + "/responses/" + status).node().has("description"))
                {
                    problems.add(operation.key() + " " + status + ": no description");
                }
            }
            for (final String name : pathParameters(operation.template()))
            {
                if (!declaresPathParameter(operation, name))
                {
                    problems.add(operation.key() + ": path parameter {" + name + "} not declared");
                }
            }
            if (!operation.pathItem().has("x-cors"))
            {
                problems.add(operation.template() + ": no x-cors");
            }
            if (operation.cors() && !document.methodsOf(operation.template()).contains("OPTIONS"))
            {
                problems.add(operation.template() + ": x-cors but no OPTIONS preflight");
            }
        }
        final Map<String, JsonNode> schemas = new LinkedHashMap<>();
        collectSchemas(root, "", schemas);
        assertThat(schemas).as("schemas in the document").hasSizeGreaterThan(50);
        for (final Map.Entry<String, JsonNode> schema : schemas.entrySet())
        {
            for (final String problem : document.validateAsSchema(schema.getValue()))
            {
                problems.add(schema.getKey() + ": " + problem);
            }
            checkSchemaKeywords(schema.getValue(), schema.getKey(), problems);
        }
        for (final int status : List.of(404, 405, 413, 414, 431))
        {
            if (document.transportError(status).map(l -> l.node().isMissingNode()).orElse(true))
            {
                problems.add("x-transport-errors has no response for " + status);
            }
        }

        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------------------------------
    // The exercise, run once before the tests.
    // ------------------------------------------------------------------------------------------

    private void exerciseAnEmptyServer()
    {
        client.get("/health/live");
        client.get("/health/ready");
        client.adminGet("/v1/admin/campaigns");
        client.adminGet("/v1/admin/locations");
        client.adminGet("/v1/admin/campaigns/cmp-3");
        client.adminGet("/v1/admin/catalog/100871");
        client.get("/v1/inventory/S042/100871");
        client.call("PUT", "/v1/inventory/snapshot/S042").body("text/csv", "store_code,id,quantity\n").send();
        client.post("/v1/decisions", "application/json", RetailerData.DECISION.formatted(false));
        client.get("/tag.js");
        client.call("OPTIONS", "/tag.js").header("Access-Control-Request-Method", "GET").send();
        client.get("/v1/render?slot=product_sidebar&count=2&storeId=S042&userKey=u-8812&segments=pet-owner&pageType=product" +
            "&category=pet/dog-food");
        client.get("/v1/render?slot=product_sidebar&count=99");
        client.call("OPTIONS", "/v1/render").header("Access-Control-Request-Method", "GET").send();
    }

    private void loadTheRetailer()
    {
        final long now = fixture.nowMillis;
        require(client.adminPut("/v1/admin/locations", "application/json", RetailerData.LOCATIONS), 200);
        require(client.adminPut("/v1/admin/locations", "application/x-ndjson", RetailerData.MORE_LOCATIONS), 200);
        require(client.adminPut("/v1/admin/catalog", "application/x-ndjson", RetailerData.CATALOG), 200);
        require(client.adminPut("/v1/admin/campaigns/cmp-3", "application/json", RetailerData.CAMPAIGN), 201);
        require(client.adminPut("/v1/admin/campaigns/cmp-3", "application/json", RetailerData.CAMPAIGN), 200);
        require(client.adminPut("/v1/admin/campaigns/cmp-ship", "application/json", RetailerData.SHIP_CAMPAIGN), 201);
        require(client.adminPut("/v1/admin/campaigns/cmp-member", "application/json", RetailerData.MEMBER_CAMPAIGN), 201);
        require(client.adminPut("/v1/admin/campaigns/cmp-holdout", "application/json; charset=utf-8",
            RetailerData.HOLDOUT_CAMPAIGN), 201);
        require(client.post("/v1/inventory/changes", "application/x-ndjson",
            RetailerData.change("pos-S042", 1, "100871", "S042", 7, now) +
                RetailerData.change("pos-S042", 2, "200001", "S042", 3, now) +
                RetailerData.change("wms-east", 1, "300001", "DC-EAST", 40, now)), 202);
        require(client.post("/v1/segments", "application/x-ndjson",
            "{\"userKey\": \"" + RetailerData.heldOutUserKey() + "\", \"segments\": [\"pet-owner\"], \"ttlSeconds\": 3600}\n" +
                "{\"userKey\": \"u-8812\", \"segments\": [\"pet-owner\"]}\n"), 202);
        fixture.server().refreshReadiness();
        require(client.get("/health/ready"), 200);
    }

    private void exerciseDecisionsAndAdEvents()
    {
        everyPlacement = require(client.post("/v1/decisions", "application/json",
            RetailerData.EVERY_PLACEMENT.formatted(RetailerData.heldOutUserKey(), true)), 200);
        require(client.post("/v1/decisions", "application/json", RetailerData.DECISION.formatted(false)), 200);
        client.post("/v1/decisions", "application/json",
            "{\"placements\": [{\"id\": \"p\", \"slot\": \"product_sidebar\"}], \"consent\": {\"personalization\": false}}");
        client.post("/v1/decisions", "application/json", "{\"placements\": [{\"id\": \"p\", \"slot\": \"s\", \"count\": 21}]}");
        client.post("/v1/decisions", "application/json", "{\"placements\": [");
        client.post("/v1/decisions", "application/json", "{\"placements\": [{\"id\": \"p\", \"slot\": \"s\"}], " +
            "\"context\": {\"geo\": {\"lat\": 91, \"lon\": 0}}}");
        preflight("/v1/decisions", "POST");

        final JsonNode decisions = parse(everyPlacement).path("decisions");
        final JsonNode events = decisions.path("pdp-sidebar").path(0).path("events");
        final String impression = events.path("impression").asText();
        final String viewable = events.path("viewable").asText();
        final String click = events.path("click").asText();
        if (impression.isEmpty())
        {
            throw new IllegalStateException("no ad in " + everyPlacement.body());
        }

        require(client.get(impression), 204);
        require(client.get(impression), 204);
        require(client.call("GET", impression).header("Accept", "image/webp,image/*").send(), 200);
        require(client.call("POST", impression).send(), 204);
        require(client.call("POST", impression).header("Accept", "image/*").send(), 200);
        require(client.get(viewable), 204);
        require(client.call("GET", viewable).header("Accept", "image/gif").send(), 200);
        require(client.call("POST", viewable).send(), 204);
        require(client.call("POST", viewable).header("Accept", "image/*").send(), 200);
        require(client.get(click), 302);
        require(client.get(decisions.path("ship").path(0).path("events").path("click").asText()), 302);
        for (final String url : List.of(impression, viewable))
        {
            client.get(tampered(url));
            client.call("POST", tampered(url)).send();
        }
        client.get(tampered(click));
        client.get("/v1/e/imp");
        client.call("POST", "/v1/e/view").send();
        client.get("/v1/e/click?t=");
        preflight("/v1/e/imp", "GET");
        preflight("/v1/e/view", "POST");
        preflight("/v1/e/click", "GET");

        fixture.nowMillis += TimeUnit.DAYS.toMillis(2);
        try
        {
            client.get(viewable);
            client.get(click);
        }
        finally
        {
            fixture.nowMillis -= TimeUnit.DAYS.toMillis(2);
        }
    }

    private void exerciseCommerceEvents()
    {
        require(client.post("/v1/events", "application/json", RetailerData.COMMERCE_EVENTS), 202);
        require(client.post("/v1/events", "application/json", RetailerData.COMMERCE_EVENTS), 202);
        client.post("/v1/events", "application/json",
            "{\"events\": [{\"type\": \"purchase\", \"orderId\": \"o-1\", \"items\": [{\"sku\": \"1\", \"quantity\": 0, \"unitPrice\": 1}]}]}");
        client.post("/v1/events", "application/json", "{\"events\": []}");
        client.post("/v1/events", "application/json", "[1]");
        client.post("/v1/events", "application/json", "{\"events\": [");
        preflight("/v1/events", "POST");
    }

    private void exerciseSegments()
    {
        client.post("/v1/segments", "application/x-ndjson",
            "{\"userKey\": \"u-1\", \"segments\": [\"pet-owner\"], \"ttlSeconds\": 3600}\n{\"userKey\": 5}\n\nnot json\n");
        client.post("/v1/segments", "application/ndjson", "{\"userKey\": \"u-2\", \"segments\": [], \"ttlSeconds\": 0}\n");
    }

    private void exerciseInventory()
    {
        final long now = fixture.nowMillis;
        client.post("/v1/inventory/changes", "application/x-ndjson",
            RetailerData.change("pos-S043", 1, "100871", "S043", 9, now) +
                "{\"nope\": 1}\n" +
                "{\"source\": \"pos-S043\", \"seq\": 2, \"sku\": \"100871\", \"location\": \"S043\"}\n" +
                "{\"source\": \"pos-S043\", \"seq\": 3, \"sku\": \"100871\", \"location\": \"S043\", \"delta\": -1, \"reserved\": 1, \"safetyStock\": 1}\n");
        client.post("/v1/inventory/changes", "application/ndjson", RetailerData.change("pos-S043", 1, "100871", "S043", 9, now));
        client.get("/v1/inventory/S043/100871");
        client.get("/v1/inventory/S042/999");
        client.call("PUT", "/v1/inventory/snapshot/S043").body("text/csv",
            "store_code,id,quantity,availability,price,sale_price,pickup_method,pickup_sla\n" +
                "S043,100871,4,,52.99,,buy,same day\n" +
                "S043,200001,,limited availability,,7.99 USD,reserve,next-day\n").send();
        client.call("PUT", "/v1/inventory/snapshot/S043").body("text/tab-separated-values; charset=utf-8",
            "id\tavailability\n100871\tin stock\n").send();
        client.call("PUT", "/v1/inventory/snapshot/S043").body("text/csv", "store_code,id,quantity\nS043,200001,5\nS043,100871,lots\n")
            .send();
        client.call("PUT", "/v1/inventory/snapshot/S043").body("text/csv", "store_code,id,quantity\nS042,200001,5\n").send();
        client.call("PUT", "/v1/inventory/snapshot/NOPE").body("text/csv", "store_code,id,quantity\n").send();
        client.call("PUT", "/v1/inventory/snapshot/S043").body("id,quantity\n100871,1\n".getBytes(StandardCharsets.UTF_8)).send();
    }

    private void exerciseAdmin()
    {
        client.adminGet("/v1/admin/campaigns");
        client.adminGet("/v1/admin/campaigns/cmp-member");
        client.adminGet("/v1/admin/campaigns/cmp-ship");
        client.adminPut("/v1/admin/campaigns/cmp-3", "application/json", RetailerData.CAMPAIGN.replace("\"amount\": 0.80", "\"amount\": -1"));
        client.adminPut("/v1/admin/campaigns/other", "application/json", RetailerData.CAMPAIGN);
        client.adminPut("/v1/admin/campaigns/cmp-3", "application/json", "{");
        require(client.call("DELETE", "/v1/admin/campaigns/cmp-holdout").admin().send(), 204);
        client.call("DELETE", "/v1/admin/campaigns/cmp-holdout").admin().send();
        client.adminGet("/v1/admin/campaigns/cmp-holdout");

        client.adminGet("/v1/admin/locations");
        client.adminPut("/v1/admin/locations", "application/json", "[{\"id\": \"S050\", \"type\": \"store\", \"lon\": 1}]");
        client.adminPut("/v1/admin/locations", "application/json", "[{\"id\": ");
        client.adminPut("/v1/admin/locations", "application/json", "[]");
        client.adminPut("/v1/admin/locations", "application/ndjson",
            "{\"id\": \"DC-WEST\", \"type\": \"warehouse\", \"name\": \"West DC\", \"regions\": [\"CA\"], \"shipDays\": 3}\n");

        client.adminGet("/v1/admin/catalog/100871");
        client.adminGet("/v1/admin/catalog/300001");
        client.adminGet("/v1/admin/catalog/nope");
        client.adminPut("/v1/admin/catalog", "application/x-ndjson", "{\"sku\": \"400001\", \"title\": \"Leash\", \"price\": -1}\n");
        client.adminPut("/v1/admin/catalog", "application/x-ndjson", "\n");
        client.adminPut("/v1/admin/catalog", "application/ndjson", "{\"sku\": \"400001\", \"title\": \"Leash\", \"price\": 12.5}\n");
    }

    /** Per documented operation: 431, and as they apply 401/403, 413 and 415. */
    private void probeEveryOperationForItsGenericErrors()
    {
        for (final OpenApiDocument.Operation operation : document.operations())
        {
            final String method = operation.method().toUpperCase(Locale.ROOT);
            final String target = concrete(operation.template()) + (hasQueryParameter(operation, "t") ? "?t=bogus" : "");
            client.call(method, target).header("X-Padding", "p".repeat(MAX_HEADER)).mayBeCutOff().send();

            if (operation.needsBearerToken())
            {
                client.call(method, target).send();
                client.call(method, target).header("Authorization", "Bearer not-the-token").send();
                client.call(method, target).header("Authorization", "Basic dXNlcjpwYXNz").send();
            }
            final JsonNode content = document.follow(operation.pointer() + "/requestBody").node().path("content");
            if (content.isEmpty() && !"POST".equals(method))
            {
                continue;
            }
            final String mediaType = content.isEmpty() ? "application/octet-stream" : content.fieldNames().next();
            final RecordingClient.Call tooLarge = client.call(method, target).body(mediaType, "x".repeat(MAX_BODY + 1))
                .mayBeCutOff();
            (operation.needsBearerToken() ? tooLarge.admin() : tooLarge).send();
            if (operation.node().path("responses").has("415"))
            {
                final RecordingClient.Call wrongType = client.call(method, target).body("text/plain", "x");
                (operation.needsBearerToken() ? wrongType.admin() : wrongType).send();
            }
        }
    }

    private void probeUndocumentedMethodsOnDocumentedPaths()
    {
        for (final String template : document.templates())
        {
            final List<String> documented = document.methodsOf(template);
            for (final String method : PROBED_METHODS)
            {
                if (!documented.contains(method))
                {
                    client.call(method, concrete(template)).admin().send();
                }
            }
        }
    }

    private void probeUndocumentedPaths()
    {
        for (final String path : UNDOCUMENTED_PATHS)
        {
            client.get(path);
            client.call("POST", path).body("application/json", "{}").send();
        }
        client.call("OPTIONS", "/v1/nothing").send();
        client.get("/v1/" + "a".repeat(MAX_INITIAL_LINE));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers.
    // ------------------------------------------------------------------------------------------

    private List<RecordedExchange> exchangesOf(final OpenApiDocument.Operation operation)
    {
        return client.exchanges().stream()
            .filter(e -> document.operation(e.method(), e.path()).filter(operation::equals).isPresent())
            .collect(Collectors.toList());
    }

    private List<String> violationsOf(final List<RecordedExchange> exchanges)
    {
        final List<String> problems = new ArrayList<>();
        for (final RecordedExchange exchange : exchanges)
        {
            problems.addAll(checker.violations(exchange));
        }
        return problems;
    }

    private void preflight(final String path, final String method)
    {
        client.call("OPTIONS", path).header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", "content-type").send();
    }

    private static RecordedExchange require(final RecordedExchange exchange, final int status)
    {
        if (exchange.status() != status)
        {
            throw new IllegalStateException("setting up: expected " + status + " from " + exchange.describe() + ": " + exchange.body());
        }
        return exchange;
    }

    private static JsonNode parse(final RecordedExchange exchange)
    {
        try
        {
            return JSON.readTree(exchange.responseBody());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(exchange.describe(), ex);
        }
    }

    private static RecordedExchange withBody(final RecordedExchange exchange, final int status, final JsonNode body)
    {
        try
        {
            return new RecordedExchange(exchange.method(), exchange.uri(), exchange.requestHeaders(), exchange.requestBody(),
                status, exchange.responseHeaders(), JSON.writeValueAsBytes(body));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** An event URL whose token has one character flipped near its end (inside the signature). */
    private static String tampered(final String url)
    {
        final int at = url.length() - 10;
        final char flipped = url.charAt(at) == 'A' ? 'B' : 'A';
        return url.substring(0, at) + flipped + url.substring(at + 1);
    }

    private static String concrete(final String template)
    {
        final Matcher matcher = Pattern.compile("\\{([^/}]+)}").matcher(template);
        final StringBuilder path = new StringBuilder();
        while (matcher.find())
        {
            matcher.appendReplacement(path, Matcher.quoteReplacement(
                Optional.ofNullable(SAMPLE_PARAMETERS.get(matcher.group(1))).orElse("x")));
        }
        matcher.appendTail(path);
        return path.toString();
    }

    private static List<String> pathParameters(final String template)
    {
        final List<String> names = new ArrayList<>();
        final Matcher matcher = Pattern.compile("\\{([^/}]+)}").matcher(template);
        while (matcher.find())
        {
            names.add(matcher.group(1));
        }
        return names;
    }

    private boolean declaresPathParameter(final OpenApiDocument.Operation operation, final String name)
    {
        final List<JsonNode> parameters = new ArrayList<>();
        operation.pathItem().path("parameters").forEach(parameters::add);
        operation.node().path("parameters").forEach(parameters::add);
        for (int i = 0; i < parameters.size(); i++)
        {
            final JsonNode parameter = parameters.get(i).has("$ref") ?
                document.root().at(OpenApiDocument.localPointer(parameters.get(i).get("$ref").asText())) : parameters.get(i);
            if ("path".equals(parameter.path("in").asText()) && name.equals(parameter.path("name").asText()) &&
                parameter.path("required").asBoolean(false))
            {
                return true;
            }
        }
        return false;
    }

    private boolean hasQueryParameter(final OpenApiDocument.Operation operation, final String name)
    {
        final List<JsonNode> parameters = new ArrayList<>();
        operation.pathItem().path("parameters").forEach(parameters::add);
        operation.node().path("parameters").forEach(parameters::add);
        for (final JsonNode reference : parameters)
        {
            final JsonNode parameter = reference.has("$ref") ?
                document.root().at(OpenApiDocument.localPointer(reference.get("$ref").asText())) : reference;
            if ("query".equals(parameter.path("in").asText()) && name.equals(parameter.path("name").asText()))
            {
                return true;
            }
        }
        return false;
    }

    /** Every keyword of JSON Schema 2020-12 and OpenAPI 3.1's additions: anything else in a schema is a typo. */
    private static final Set<String> SCHEMA_KEYWORDS = Set.of(
        "$ref", "$id", "$schema", "$anchor", "$dynamicRef", "$dynamicAnchor", "$defs", "$comment", "$vocabulary",
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
        "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
        "minProperties", "required", "dependentRequired", "properties", "patternProperties", "additionalProperties", "items",
        "prefixItems", "contains", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "allOf", "anyOf", "oneOf",
        "not", "if", "then", "else", "dependentSchemas", "title", "description", "default", "deprecated", "readOnly",
        "writeOnly", "examples", "format", "contentMediaType", "contentEncoding", "contentSchema", "discriminator", "xml",
        "externalDocs", "example");
    private static final Set<String> SCHEMA_MAPS = Set.of("properties", "patternProperties", "$defs", "dependentSchemas");
    private static final Set<String> SCHEMA_LISTS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    private static final Set<String> SCHEMA_VALUES = Set.of("additionalProperties", "items", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "not", "if", "then", "else", "contentSchema");

    /** Finds the schema objects of the document: components/schemas and every {@code schema} field elsewhere. */
    private static void collectSchemas(final JsonNode node, final String at, final Map<String, JsonNode> schemas)
    {
        if (node.isArray())
        {
            for (int i = 0; i < node.size(); i++)
            {
                collectSchemas(node.get(i), at + "/" + i, schemas);
            }
            return;
        }
        for (final Map.Entry<String, JsonNode> field : node.properties())
        {
            final String path = at + "/" + OpenApiDocument.escape(field.getKey());
            if ("/components/schemas".equals(path))
            {
                for (final Map.Entry<String, JsonNode> schema : field.getValue().properties())
                {
                    schemas.put(path + "/" + OpenApiDocument.escape(schema.getKey()), schema.getValue());
                }
            }
            else if ("schema".equals(field.getKey()))
            {
                schemas.put(path, field.getValue());
            }
            else
            {
                collectSchemas(field.getValue(), path, schemas);
            }
        }
    }

    private static void checkSchemaKeywords(final JsonNode schema, final String at, final List<String> problems)
    {
        if (schema.isBoolean())
        {
            return;
        }
        if (!schema.isObject())
        {
            problems.add(at + ": a schema must be an object or a boolean");
            return;
        }
        for (final Map.Entry<String, JsonNode> field : schema.properties())
        {
            final String name = field.getKey();
            final String path = at + "/" + OpenApiDocument.escape(name);
            if (!SCHEMA_KEYWORDS.contains(name) && !name.startsWith("x-"))
            {
                problems.add(path + ": not a JSON Schema keyword");
            }
            else if (SCHEMA_MAPS.contains(name))
            {
                field.getValue().properties().forEach(
                    sub -> checkSchemaKeywords(sub.getValue(), path + "/" + OpenApiDocument.escape(sub.getKey()), problems));
            }
            else if (SCHEMA_LISTS.contains(name))
            {
                for (int i = 0; i < field.getValue().size(); i++)
                {
                    checkSchemaKeywords(field.getValue().get(i), path + "/" + i, problems);
                }
            }
            else if (SCHEMA_VALUES.contains(name))
            {
                checkSchemaKeywords(field.getValue(), path, problems);
            }
        }
    }

    private void checkRefsResolve(final JsonNode node, final String at, final List<String> problems)
    {
        if (node.isObject())
        {
            final JsonNode ref = node.get("$ref");
            if (null != ref && ref.isTextual())
            {
                final String text = ref.asText();
                if (!text.startsWith("#/") || document.root().at(text.substring(1)).isMissingNode())
                {
                    problems.add(at + ": $ref " + text + " does not resolve in the document");
                }
            }
            for (final Map.Entry<String, JsonNode> field : node.properties())
            {
                checkRefsResolve(field.getValue(), at + "/" + OpenApiDocument.escape(field.getKey()), problems);
            }
        }
        else if (node.isArray())
        {
            for (int i = 0; i < node.size(); i++)
            {
                checkRefsResolve(node.get(i), at + "/" + i, problems);
            }
        }
    }
}
