package com.endcap.server.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code docs/openapi.yaml}, read once: its operations, path matching as OpenAPI defines it
 * (literal segments before templated ones), {@code $ref} resolution of response, header and
 * parameter objects, and JSON Schema 2020-12 validation (OpenAPI 3.1's dialect) of values against
 * any schema in it, by JSON pointer. Thread-safe after construction.
 */
final class OpenApiDocument
{
    /** Where the document lives, relative to the repository root. */
    static final Path RELATIVE_PATH = Paths.get("docs", "openapi.yaml");
    /** The methods an OpenAPI path item may hold, in document order. */
    static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * The base IRI the document is registered under for {@code $ref} resolution; never fetched
     * (the schema loader answers it from memory).
     */
    private static final String BASE_IRI = "https://endcap.invalid/openapi.json";

    /** One operation: a method on a path template. */
    record Operation(String method, String template, String pointer, JsonNode node, JsonNode pathItem)
    {
        /**
         * @return e.g. {@code POST /v1/decisions}.
         */
        String key()
        {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }

        /**
         * @return its operationId.
         */
        String operationId()
        {
            return node.path("operationId").asText();
        }

        /**
         * @return whether the path is documented to answer CORS.
         */
        boolean cors()
        {
            return pathItem.path("x-cors").asBoolean(false);
        }

        /**
         * @return whether it requires the admin bearer token.
         */
        boolean needsBearerToken()
        {
            for (final JsonNode requirement : node.path("security"))
            {
                if (requirement.has("bearerAuth"))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /** A node reached through a JSON pointer, with the pointer it was finally found at. */
    record Located(String pointer, JsonNode node)
    {
    }

    private final Path file;
    private final JsonNode root;
    private final List<Operation> operations;
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiDocument(final Path file, final JsonNode root)
    {
        this.file = file;
        this.root = root;
        this.operations = readOperations(root);
        final String json;
        try
        {
            json = new ObjectMapper().writeValueAsString(root);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        // The document's root is not a schema, but $refs resolve inside it: its top-level fields are
        // declared as keywords that validate nothing, so they are not reported as unknown.
        final JsonMetaSchema.Builder oas = JsonMetaSchema.builder(OpenApi31.getInstance());
        root.fieldNames().forEachRemaining(name -> oas.keyword(new NonValidationKeyword(name)));
        final JsonMetaSchema dialect = oas.build();
        this.factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
            .metaSchema(dialect)
            .defaultMetaSchemaIri(dialect.getIri())
            .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE_IRI, json))));
        this.config = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();
    }

    /**
     * Finds {@code docs/openapi.yaml} from the working directory upwards (Maven runs a module's
     * tests in the module's directory) and reads it.
     *
     * @return the document.
     */
    static OpenApiDocument load()
    {
        final Path file = locate(Paths.get(System.getProperty("user.dir")).toAbsolutePath());
        try
        {
            return new OpenApiDocument(file, new YAMLMapper().readTree(file.toFile()));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /**
     * @param start where to start looking.
     * @return the first {@code docs/openapi.yaml} at or above {@code start}.
     */
    static Path locate(final Path start)
    {
        for (Path dir = start; null != dir; dir = dir.getParent())
        {
            final Path candidate = dir.resolve(RELATIVE_PATH);
            if (Files.isRegularFile(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE_PATH + " at or above " + start);
    }

    private static List<Operation> readOperations(final JsonNode root)
    {
        final List<Operation> operations = new ArrayList<>();
        for (final Map.Entry<String, JsonNode> path : root.path("paths").properties())
        {
            for (final String method : METHODS)
            {
                final JsonNode operation = path.getValue().get(method);
                if (null != operation)
                {
                    operations.add(new Operation(method, path.getKey(),
                        "/paths/" + escape(path.getKey()) + "/" + method, operation, path.getValue()));
                }
            }
        }
        return List.copyOf(operations);
    }

    /**
     * @param token a JSON pointer token.
     * @return it escaped ({@code ~} → {@code ~0}, {@code /} → {@code ~1}).
     */
    static String escape(final String token)
    {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * @return the file read.
     */
    Path file()
    {
        return file;
    }

    /**
     * @return the whole document.
     */
    JsonNode root()
    {
        return root;
    }

    /**
     * @return every operation, in document order.
     */
    List<Operation> operations()
    {
        return operations;
    }

    /**
     * @return the path templates, in document order.
     */
    List<String> templates()
    {
        final List<String> templates = new ArrayList<>();
        root.path("paths").fieldNames().forEachRemaining(templates::add);
        return templates;
    }

    /**
     * The template a concrete path matches: a literal segment beats a templated one, as OpenAPI
     * specifies ("concrete paths are matched before their templated counterparts").
     *
     * @param path a request path, without the query.
     * @return its template, if the document has one.
     */
    Optional<String> templateOf(final String path)
    {
        final String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (final String template : templates())
        {
            final String[] parts = template.split("/", -1);
            if (parts.length != segments.length)
            {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++)
            {
                if (parts[i].startsWith("{") && parts[i].endsWith("}"))
                {
                    matches = !segments[i].isEmpty();
                }
                else
                {
                    matches = parts[i].equals(segments[i]);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals)
            {
                best = template;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * @param method HTTP method, any case.
     * @param path   a request path.
     * @return the operation answering it, if documented.
     */
    Optional<Operation> operation(final String method, final String path)
    {
        final Optional<String> template = templateOf(path);
        if (template.isEmpty())
        {
            return Optional.empty();
        }
        final String lower = method.toLowerCase(Locale.ROOT);
        return operations.stream().filter(o -> o.template().equals(template.get()) && o.method().equals(lower)).findFirst();
    }

    /**
     * @param template a path template.
     * @return the methods documented on it, upper case.
     */
    List<String> methodsOf(final String template)
    {
        final List<String> methods = new ArrayList<>();
        for (final Operation operation : operations)
        {
            if (operation.template().equals(template))
            {
                methods.add(operation.method().toUpperCase(Locale.ROOT));
            }
        }
        return methods;
    }

    /**
     * Follows {@code $ref}s (local ones, as this document uses) from a pointer.
     *
     * @param pointer a JSON pointer into the document.
     * @return the node finally referred to and its pointer; a missing node when there is none.
     */
    Located follow(final String pointer)
    {
        String at = pointer;
        JsonNode node = root.at(at);
        for (int hops = 0; node.has("$ref") && hops < 16; hops++)
        {
            at = localPointer(node.get("$ref").asText());
            node = root.at(at);
        }
        return new Located(at, node);
    }

    /**
     * @param ref a {@code $ref} value.
     * @return its JSON pointer, when it refers into this document.
     */
    static String localPointer(final String ref)
    {
        if (!ref.startsWith("#"))
        {
            throw new IllegalArgumentException("only local $refs are used in " + RELATIVE_PATH + ": " + ref);
        }
        return ref.substring(1);
    }

    /**
     * @param status a transport-level status (404, 405, 413, 414, 431).
     * @return the response it is documented with in {@code x-transport-errors}, if any.
     */
    Optional<Located> transportError(final int status)
    {
        final JsonNode ref = root.path("x-transport-errors").get(Integer.toString(status));
        return null == ref ? Optional.empty() : Optional.of(follow(localPointer(ref.asText())));
    }

    /**
     * Validates a value against the schema at a pointer (its {@code $ref}s resolved against the
     * document).
     *
     * @param schemaPointer JSON pointer of a schema object in the document.
     * @param value         the value.
     * @return the violations, empty when valid.
     */
    List<String> validate(final String schemaPointer, final JsonNode value)
    {
        final JsonSchema schema = schemas.computeIfAbsent(schemaPointer,
            p -> factory.getSchema(SchemaLocation.of(BASE_IRI + "#" + p), config));
        final List<String> problems = new ArrayList<>();
        for (final ValidationMessage message : schema.validate(value))
        {
            problems.add(message.getMessage());
        }
        return problems;
    }

    /**
     * Validates a node against the JSON Schema 2020-12 meta-schema (networknt ships it).
     *
     * @param schemaNode a schema object.
     * @return the violations, empty when it is a valid schema.
     */
    List<String> validateAsSchema(final JsonNode schemaNode)
    {
        final JsonSchema meta = schemas.computeIfAbsent("meta:2020-12", p ->
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), config));
        final List<String> problems = new ArrayList<>();
        for (final ValidationMessage message : meta.validate(schemaNode))
        {
            problems.add(message.getMessage());
        }
        return problems;
    }
}
