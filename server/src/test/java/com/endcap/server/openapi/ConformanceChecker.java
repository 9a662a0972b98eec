package com.endcap.server.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one real exchange against {@code docs/openapi.yaml}: the status is documented for the
 * operation (or, for a path or method the document does not have, is the documented transport
 * error); the content type is one the response documents (or there is no body when it documents
 * none); a JSON body validates against the response's schema; documented required headers are
 * present and valid; an error body repeats the status; CORS headers appear exactly on the paths
 * marked {@code x-cors}; and a request the server accepted (2xx) was one the document describes
 * (its media type and, for JSON and NDJSON, its body against the request schema).
 * Stateless apart from the document; thread-safe.
 */
final class ConformanceChecker
{
    /** Statuses answered before routing, by the transport: they carry no CORS headers. */
    private static final Set<Integer> BEFORE_ROUTING = Set.of(413, 414, 431);

    private final OpenApiDocument document;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param document the document.
     */
    ConformanceChecker(final OpenApiDocument document)
    {
        this.document = document;
    }

    /**
     * @param exchange a real request and response.
     * @return what does not conform, each message naming the exchange; empty when it conforms.
     */
    List<String> violations(final RecordedExchange exchange)
    {
        final List<String> problems = new ArrayList<>();
        final Optional<OpenApiDocument.Operation> operation = document.operation(exchange.method(), exchange.path());
        final Optional<String> template = document.templateOf(exchange.path());
        final OpenApiDocument.Located response;
        if (operation.isPresent())
        {
            final JsonNode responses = operation.get().node().path("responses");
            final String status = Integer.toString(exchange.status());
            if (!responses.has(status))
            {
                final List<String> documented = new ArrayList<>();
                responses.fieldNames().forEachRemaining(documented::add);
                problems.add("status " + exchange.status() + " is not documented for " + operation.get().key() +
                    " (documented: " + documented + "); body: " + abbreviate(exchange.body()));
                return problems;
            }
            response = document.follow(operation.get().pointer() + "/responses/" + status);
        }
        else
        {
            final int expected = template.isPresent() ? 405 : 404;
            final Optional<OpenApiDocument.Located> transport = document.transportError(exchange.status());
            if ((exchange.status() != expected && !BEFORE_ROUTING.contains(exchange.status())) || transport.isEmpty())
            {
                problems.add((template.isPresent() ? exchange.method() + " is not documented on " + template.get() :
                    "the path is not documented") + ": expected the documented transport error " + expected + ", got " +
                    exchange.status() + "; body: " + abbreviate(exchange.body()));
                return problems;
            }
            response = transport.get();
        }

        checkBody(exchange, response, problems);
        checkHeaders(exchange, response, problems);
        checkErrorStatus(exchange, problems);
        checkCors(exchange, template, problems);
        if (operation.isPresent() && exchange.status() < 300)
        {
            checkAcceptedRequest(exchange, operation.get(), problems);
        }
        final List<String> named = new ArrayList<>(problems.size());
        for (final String problem : problems)
        {
            named.add(exchange.describe() + ": " + problem);
        }
        return named;
    }

    private void checkBody(
        final RecordedExchange exchange, final OpenApiDocument.Located response, final List<String> problems)
    {
        final JsonNode content = response.node().path("content");
        final Optional<String> mediaType = exchange.responseMediaType();
        if (content.isEmpty())
        {
            if (exchange.responseBody().length > 0 || mediaType.isPresent())
            {
                problems.add("documented without content, but the response has " + mediaType.orElse("no content type") +
                    " and " + exchange.responseBody().length + " bytes");
            }
            return;
        }
        if (mediaType.isEmpty())
        {
            problems.add("no Content-Type; documented: " + fieldNames(content));
            return;
        }
        if (!content.has(mediaType.get()))
        {
            problems.add("Content-Type " + mediaType.get() + " is not documented; documented: " + fieldNames(content));
            return;
        }
        final String schemaPointer = response.pointer() + "/content/" + OpenApiDocument.escape(mediaType.get()) + "/schema";
        if (document.root().at(schemaPointer).isMissingNode())
        {
            return;
        }
        final JsonNode value;
        if (isJson(mediaType.get()))
        {
            try
            {
                value = json.readTree(exchange.responseBody());
            }
            catch (final java.io.IOException ex)
            {
                problems.add("the body is not JSON: " + ex.getMessage());
                return;
            }
        }
        else if (mediaType.get().startsWith("text/"))
        {
            value = TextNode.valueOf(exchange.body());
        }
        else
        {
            if (exchange.responseBody().length == 0)
            {
                problems.add(mediaType.get() + " body is empty");
            }
            if ("image/gif".equals(mediaType.get()) &&
                !new String(exchange.responseBody(), 0, Math.min(4, exchange.responseBody().length), StandardCharsets.US_ASCII)
                    .equals("GIF8"))
            {
                problems.add("image/gif body is not a GIF");
            }
            return;
        }
        for (final String problem : document.validate(schemaPointer, value))
        {
            problems.add("body: " + problem + " in " + abbreviate(exchange.body()));
        }
    }

    private void checkHeaders(
        final RecordedExchange exchange, final OpenApiDocument.Located response, final List<String> problems)
    {
        final String headersPointer = response.pointer() + "/headers";
        for (final Iterator<String> names = response.node().path("headers").fieldNames(); names.hasNext(); )
        {
            final String name = names.next();
            final OpenApiDocument.Located header = document.follow(headersPointer + "/" + OpenApiDocument.escape(name));
            final Optional<String> value = exchange.responseHeaders().firstValue(name);
            if (value.isEmpty())
            {
                if (header.node().path("required").asBoolean(false))
                {
                    problems.add("the required header " + name + " is missing");
                }
                continue;
            }
            if (header.node().has("schema"))
            {
                for (final String problem : document.validate(header.pointer() + "/schema", TextNode.valueOf(value.get())))
                {
                    problems.add("header " + name + ": " + value.get() + ": " + problem);
                }
            }
        }
    }

    private void checkErrorStatus(final RecordedExchange exchange, final List<String> problems)
    {
        if (exchange.status() < 400 || !exchange.responseMediaType().map(ConformanceChecker::isJson).orElse(false))
        {
            return;
        }
        try
        {
            final JsonNode status = json.readTree(exchange.responseBody()).path("error").path("status");
            if (status.asInt() != exchange.status())
            {
                problems.add("error.status " + status + " differs from the HTTP status");
            }
        }
        catch (final JsonProcessingException ex)
        {
            problems.add("the error body is not JSON");
        }
        catch (final java.io.IOException ex)
        {
            problems.add("the error body cannot be read");
        }
    }

    private void checkCors(final RecordedExchange exchange, final Optional<String> template, final List<String> problems)
    {
        if (BEFORE_ROUTING.contains(exchange.status()) || exchange.requestHeaders().firstValue("origin").isEmpty())
        {
            return;
        }
        final boolean cors = template.map(t -> document.root().path("paths").path(t).path("x-cors").asBoolean(false))
            .orElse(false);
        final boolean shared = exchange.responseHeaders().firstValue("access-control-allow-origin").isPresent();
        if (cors != shared)
        {
            problems.add(cors ? "the path is documented x-cors: true but the response has no Access-Control-Allow-Origin" :
                "the path is not documented to answer CORS but the response has Access-Control-Allow-Origin");
        }
    }

    private void checkAcceptedRequest(
        final RecordedExchange exchange, final OpenApiDocument.Operation operation, final List<String> problems)
    {
        final JsonNode requestBody = operation.node().get("requestBody");
        if (null == requestBody || exchange.requestBody().length == 0)
        {
            return;
        }
        final OpenApiDocument.Located body = document.follow(operation.pointer() + "/requestBody");
        final Optional<String> mediaType = exchange.requestMediaType();
        if (mediaType.isEmpty() || !body.node().path("content").has(mediaType.get()))
        {
            problems.add("the server accepted a request body of " + mediaType.orElse("no content type") +
                ", which is not documented: " + fieldNames(body.node().path("content")));
            return;
        }
        final String schemaPointer = body.pointer() + "/content/" + OpenApiDocument.escape(mediaType.get()) + "/schema";
        final String text = new String(exchange.requestBody(), StandardCharsets.UTF_8);
        try
        {
            if (isJson(mediaType.get()))
            {
                for (final String problem : document.validate(schemaPointer, json.readTree(text)))
                {
                    problems.add("accepted request body: " + problem);
                }
            }
            else if (mediaType.get().endsWith("ndjson") && !rejectedLines(exchange))
            {
                int line = 0;
                for (final String row : text.split("\n", -1))
                {
                    line++;
                    if (!row.isBlank())
                    {
                        for (final String problem : document.validate(schemaPointer, json.readTree(row)))
                        {
                            problems.add("accepted request line " + line + ": " + problem);
                        }
                    }
                }
            }
        }
        catch (final java.io.IOException ex)
        {
            problems.add("the server accepted a body that is not JSON: " + ex.getMessage());
        }
    }

    private boolean rejectedLines(final RecordedExchange exchange)
    {
        try
        {
            return !json.readTree(exchange.responseBody()).path("rejected").isEmpty();
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    static boolean isJson(final String mediaType)
    {
        return "application/json".equals(mediaType) || mediaType.endsWith("+json");
    }

    private static List<String> fieldNames(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String abbreviate(final String text)
    {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
