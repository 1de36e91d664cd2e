package app.thestorage.provisioning.benchmark.baseline;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.r2dbc.spi.R2dbcException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A MEASURING STICK, NOT PART OF THE PRODUCT: the least a durable SCIM-ish server has to do for the benchmark's
 * create, GET-by-id, filter, PATCH and Entra-cycle phases, so that {@code benchmark/run} can say how far the pipeline is from it on
 * the same machine, in the same run. Spring WebFlux and R2DBC PostgreSQL (the libraries and versions ingest-api
 * uses), one table, no Kafka, no projector, no batching:
 *
 * <ul>
 *   <li>{@code POST /api/{tenant}/scim/v2/Users}: the body parsed with Jackson, one INSERT (its own transaction,
 *       committed before the answer), 201 with the user, its id and meta; 409 {@code uniqueness} when the tenant
 *       already has that userName (a unique index on the lower-cased userName decides it);</li>
 *   <li>{@code GET /api/{tenant}/scim/v2/Users/{id}}: one indexed SELECT, the stored document parsed and written;</li>
 *   <li>{@code GET /api/{tenant}/scim/v2/Users?filter=userName eq "x"}: one indexed SELECT, a ListResponse (empty
 *       when there is no such user, as Entra's lookup before a create finds);</li>
 *   <li>{@code PATCH /api/{tenant}/scim/v2/Users/{id}}: a PatchOp of top-level attributes (the benchmark's
 *       {@code active=false}), one UPDATE of the stored document ({@code jsonb} operators, its own transaction),
 *       200 with the document, 404 for an unknown user;</li>
 *   <li>{@code GET /api/{tenant}/scim/v2/ServiceProviderConfig} (the benchmark's filler request) and
 *       {@code GET /health} (for the script's readiness wait).</li>
 * </ul>
 *
 * Any bearer token is accepted; there are no tenants to create. It checks little: a userName, nothing else
 * of the schema, none of the limits, PUT, PATCH paths below the top level, paging or the rest of the filter grammar
 * the product has.
 *
 * <p>Configuration from the environment: {@code DIRECTORY_R2DBC_URL}, {@code DIRECTORY_DB_USER},
 * {@code DIRECTORY_DB_PASSWORD} (the pipeline's database: the table {@code baseline_users} is created beside its
 * schemas) and {@code PORT}. Run it from the benchmark jar:
 * {@code java -cp benchmark/target/benchmark.jar -Dloader.main=app.thestorage.provisioning.benchmark.baseline.BaselineServer
 * org.springframework.boot.loader.launch.PropertiesLauncher}; it prints {@code BASELINE READY} once it serves.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration // no component scan: the two sticks share this package, each is an application of its own
public class BaselineServer {

    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS baseline_users (
                id uuid PRIMARY KEY,
                tenant text NOT NULL,
                user_name text NOT NULL,
                user_name_key text NOT NULL,
                document jsonb NOT NULL
            );
            CREATE UNIQUE INDEX IF NOT EXISTS baseline_users_user_name ON baseline_users (tenant, user_name_key)
            """;

    static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    /** The only filter the stick knows: {@code userName eq "value"}, the value a JSON string. */
    private static final Pattern USER_NAME_EQ =
            Pattern.compile("^\\s*userName\\s+eq\\s+(\"(?:[^\"\\\\]|\\\\.)*\")\\s*$", Pattern.CASE_INSENSITIVE);

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final byte[] SERVICE_PROVIDER_CONFIG = ("""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],\
            "patch":{"supported":true},"bulk":{"supported":false,"maxOperations":0,"maxPayloadSize":0},\
            "filter":{"supported":true,"maxResults":1},"changePassword":{"supported":false},\
            "sort":{"supported":false},"etag":{"supported":false},\
            "authenticationSchemes":[{"type":"oauthbearertoken","name":"Bearer token",\
            "description":"any bearer token: this is the benchmark's measuring stick"}]}""")
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) {
        run(BaselineServer.class, "baseline", 18090, "BASELINE READY (measuring stick, not the product)", args);
    }

    /**
     * Starts a measuring stick: the pipeline's PostgreSQL and its own port from the environment, the line
     * {@code ready} on standard output once it serves; the reason on standard error if it does not start.
     */
    static void run(Class<?> stick, String configName, int defaultPort, String ready, String[] args) {
        SpringApplication application = new SpringApplication(stick);
        application.setDefaultProperties(Map.of(
                "spring.config.name", configName,
                "spring.main.banner-mode", "off",
                "spring.r2dbc.url", "${DIRECTORY_R2DBC_URL:r2dbc:postgresql://localhost:5432/thestorage}",
                "spring.r2dbc.username", "${DIRECTORY_DB_USER:thestorage}",
                "spring.r2dbc.password", "${DIRECTORY_DB_PASSWORD:}",
                "server.port", "${PORT:" + defaultPort + "}"));
        try {
            application.run(args);
        } catch (Throwable failure) { // the jar logs nothing (slf4j-nop): say why it did not start
            failure.printStackTrace();
            System.exit(1);
        }
        System.out.println(ready);
    }

    /** The table, created at start (before the server answers /health). */
    @Bean
    Store store(DatabaseClient db) {
        for (String statement : SCHEMA.split(";")) {
            db.sql(statement.strip()).then().block();
        }
        return new Store(db);
    }

    @Bean
    RouterFunction<ServerResponse> routes(Store store) {
        RouterFunction<ServerResponse> scim = RouterFunctions.route()
                .POST("/api/{tenant}/scim/v2/Users", store::create)
                .GET("/api/{tenant}/scim/v2/Users/{id}", store::get)
                .PATCH("/api/{tenant}/scim/v2/Users/{id}", store::patch)
                .GET("/api/{tenant}/scim/v2/Users", store::filter)
                .GET("/api/{tenant}/scim/v2/ServiceProviderConfig",
                        request -> ServerResponse.ok().contentType(SCIM_JSON).bodyValue(SERVICE_PROVIDER_CONFIG))
                .filter((request, next) -> bearer(request) ? next.handle(request)
                        : error(HttpStatus.UNAUTHORIZED, null, "a bearer token is needed (any will do)"))
                .build();
        return RouterFunctions.route()
                .GET("/health", request -> ServerResponse.ok().bodyValue("ok"))
                .build()
                .and(scim);
    }

    static boolean bearer(ServerRequest request) {
        String authorization = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.length() > 7;
    }

    /** The table's reads and writes, and the SCIM rendering around them. */
    static final class Store {

        private final DatabaseClient db;

        Store(DatabaseClient db) {
            this.db = db;
        }

        Mono<ServerResponse> create(ServerRequest request) {
            String tenant = request.pathVariable("tenant");
            return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> switch (
                    CreateBody.of(request, tenant, body)) {
                case CreateBody.Refused refused -> refused.answer();
                case CreateBody.NewUser user -> db.sql("INSERT INTO baseline_users (id, tenant, user_name, user_name_key, document) "
                                + "VALUES ($1, $2, $3, $4, $5::jsonb)")
                        .bind(0, user.id())
                        .bind(1, tenant)
                        .bind(2, user.userName())
                        .bind(3, user.userNameKey())
                        .bind(4, user.documentText())
                        .then()
                        .then(user.created())
                        .onErrorResume(Store::uniqueViolation, e -> CreateBody.conflict());
            });
        }

        /** The user id in the path; null if it is not a UUID (no such user). */
        private static UUID idOf(ServerRequest request) {
            try {
                return UUID.fromString(request.pathVariable("id"));
            } catch (IllegalArgumentException notAUuid) {
                return null;
            }
        }

        Mono<ServerResponse> get(ServerRequest request) {
            UUID id = idOf(request);
            if (id == null) {
                return notFound();
            }
            return db.sql("SELECT document::text AS document FROM baseline_users WHERE id = $1 AND tenant = $2")
                    .bind(0, id)
                    .bind(1, request.pathVariable("tenant"))
                    .map(row -> row.get("document", String.class))
                    .one()
                    .flatMap(document -> ServerResponse.ok().contentType(SCIM_JSON)
                            .bodyValue(JSON.writeValueAsBytes(JSON.readTree(document))))
                    .switchIfEmpty(notFound());
        }

        /**
         * A PatchOp of top-level attributes ({@code add}, {@code replace}: with a path, or an object of attributes
         * without one; {@code remove}: with a path), applied in one UPDATE of the stored document, answered 200 with
         * it. Entra's {@code "False"} and {@code "True"} for {@code active} are taken as booleans.
         */
        Mono<ServerResponse> patch(ServerRequest request) {
            UUID id = idOf(request);
            if (id == null) {
                return notFound();
            }
            return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> {
                ObjectNode replaced = JSON.createObjectNode();
                List<String> removed = new ArrayList<>();
                try {
                    if (!(JSON.readTree(body) instanceof ObjectNode patchOp)
                            || !(patchOp.get("Operations") instanceof ArrayNode operations) || operations.isEmpty()) {
                        return error(HttpStatus.BAD_REQUEST, "invalidSyntax", "a PatchOp with Operations is needed");
                    }
                    for (JsonNode operation : operations) {
                        String refused = PatchOperation.apply(operation, replaced, removed);
                        if (refused != null) {
                            return error(HttpStatus.BAD_REQUEST, "invalidValue", refused);
                        }
                    }
                } catch (JacksonException e) {
                    return error(HttpStatus.BAD_REQUEST, "invalidSyntax", "the body is not JSON");
                }
                return db.sql("UPDATE baseline_users SET document = jsonb_set((document - $3::text[]) || $4::jsonb, "
                                + "'{meta,lastModified}', to_jsonb($5::text)) WHERE id = $1 AND tenant = $2 "
                                + "RETURNING document::text AS document")
                        .bind(0, id)
                        .bind(1, request.pathVariable("tenant"))
                        .bind(2, removed.toArray(String[]::new))
                        .bind(3, JSON.writeValueAsString(replaced))
                        .bind(4, Instant.now().toString())
                        .map(row -> row.get("document", String.class))
                        .one()
                        .flatMap(document -> ServerResponse.ok().contentType(SCIM_JSON)
                                .bodyValue(JSON.writeValueAsBytes(JSON.readTree(document))))
                        .switchIfEmpty(notFound());
            });
        }

        Mono<ServerResponse> filter(ServerRequest request) {
            String filter = request.queryParam("filter").orElse(null);
            Matcher matcher = filter == null ? null : USER_NAME_EQ.matcher(filter);
            if (matcher == null || !matcher.matches()) {
                return error(HttpStatus.BAD_REQUEST, "invalidFilter", "the only filter here is userName eq \"...\"");
            }
            String userName;
            try {
                userName = JSON.readValue(matcher.group(1), String.class);
            } catch (JacksonException e) {
                return error(HttpStatus.BAD_REQUEST, "invalidFilter", "the userName is not a valid string");
            }
            return db.sql("SELECT document::text AS document FROM baseline_users "
                            + "WHERE tenant = $1 AND user_name_key = $2")
                    .bind(0, request.pathVariable("tenant"))
                    .bind(1, userName.toLowerCase(Locale.ROOT))
                    .map(row -> row.get("document", String.class))
                    .all()
                    .collectList()
                    .flatMap(documents -> {
                        ObjectNode list = JSON.createObjectNode();
                        list.putArray("schemas").add(LIST_RESPONSE);
                        list.put("totalResults", documents.size());
                        list.put("startIndex", 1);
                        list.put("itemsPerPage", documents.size());
                        ArrayNode resources = list.putArray("Resources");
                        for (String document : documents) {
                            resources.add(JSON.readTree(document));
                        }
                        return ServerResponse.ok().contentType(SCIM_JSON).bodyValue(JSON.writeValueAsBytes(list));
                    });
        }

        private static Mono<ServerResponse> notFound() {
            return error(HttpStatus.NOT_FOUND, null, "no such user");
        }

        /** PostgreSQL's unique_violation (23505), however Spring wrapped it. */
        private static boolean uniqueViolation(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof R2dbcException r2dbc && "23505".equals(r2dbc.getSqlState())) {
                    return true;
                }
            }
            return false;
        }

    }

    static String baseOf(ServerRequest request) {
        URI uri = request.uri();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** One operation of a PatchOp, as the stick takes it: top-level attributes only. */
    static final class PatchOperation {

        private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z][A-Za-z0-9_$-]*");

        private PatchOperation() {
        }

        /**
         * Notes the operation's attributes in {@code replaced} (their new values) or {@code removed}; the reason it is
         * refused, or null.
         */
        static String apply(JsonNode operation, ObjectNode replaced, List<String> removed) {
            String op = operation.path("op").asString("").toLowerCase(Locale.ROOT);
            JsonNode path = operation.get("path");
            JsonNode value = operation.get("value");
            if (path != null && (!path.isString() || !ATTRIBUTE.matcher(path.asString()).matches())) {
                return "the stick patches top-level attributes only, by name";
            }
            String attribute = path == null ? null : path.asString();
            switch (op) {
                case "add", "replace" -> {
                    if (attribute == null) {
                        if (!(value instanceof ObjectNode attributes)) {
                            return "an operation without a path needs an object of attributes";
                        }
                        for (Map.Entry<String, JsonNode> given : attributes.properties()) {
                            String refused = replace(given.getKey(), given.getValue(), replaced, removed);
                            if (refused != null) {
                                return refused;
                            }
                        }
                        return null;
                    }
                    if (value == null) {
                        return "an operation " + op + " needs a value";
                    }
                    return replace(attribute, value, replaced, removed);
                }
                case "remove" -> {
                    if (attribute == null) {
                        return "remove needs a path";
                    }
                    if (fixed(attribute)) {
                        return attribute + " cannot be removed here";
                    }
                    replaced.remove(attribute);
                    removed.add(attribute);
                    return null;
                }
                default -> {
                    return "op must be add, replace or remove";
                }
            }
        }

        private static String replace(String attribute, JsonNode value, ObjectNode replaced, List<String> removed) {
            if (fixed(attribute)) {
                return attribute + " cannot be changed here";
            }
            removed.remove(attribute);
            boolean flag = "active".equalsIgnoreCase(attribute) && value.isString()
                    && ("true".equalsIgnoreCase(value.asString()) || "false".equalsIgnoreCase(value.asString()));
            replaced.set(attribute, flag ? JSON.getNodeFactory().booleanNode(Boolean.parseBoolean(value.asString()))
                    : value);
            return null;
        }

        /** What the stick keeps as created: its id, schemas and meta, and the userName its unique index holds. */
        private static boolean fixed(String attribute) {
            return switch (attribute.toLowerCase(Locale.ROOT)) {
                case "id", "schemas", "meta", "username" -> true;
                default -> false;
            };
        }
    }

    /** A SCIM Error body. */
    static Mono<ServerResponse> error(HttpStatus status, String scimType, String detail) {
        ObjectNode error = JSON.createObjectNode();
        error.putArray("schemas").add(ERROR);
        error.put("status", Integer.toString(status.value()));
        if (scimType != null) {
            error.put("scimType", scimType);
        }
        error.put("detail", detail);
        ServerResponse.BodyBuilder response = ServerResponse.status(status).contentType(SCIM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.bodyValue(JSON.writeValueAsBytes(error));
    }
}
