package dev.agentfleet.coordinator.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.funqy.Funq;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Who may call what, for every endpoint the coordinator declares: the routes are read from its own classes (every
 * JAX-RS method under {@code @Path} and every {@code @Funq} function), so an endpoint added without a row here fails
 * this test. Each user-token endpoint is called for real with no token, a bad signature, another audience, an expired
 * token, and each role (a submitter on its own run and on another user's), and must answer the status in its row.
 * Endpoints for senders (Knative's event deliveries, the coordinator's own calls) take sender tokens, not user tokens;
 * their refusals are proven by the coordinator's and agent-sdk's {@code SenderIdentityTest}.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
public class AuthorizationMatrixTest {

    /** The callers of a user-token endpoint. */
    enum Caller { NONE, BAD_SIGNATURE, OTHER_AUDIENCE, EXPIRED, SUBMIT_OWN, SUBMIT_OTHERS, READ, SIGNAL, ADMIN }

    /** A row: the status per caller, or {@code sender} for an endpoint that takes sender tokens. */
    record Row(Map<Caller, Integer> expected, boolean sender) {
        /** A row where workflow-signal alone is refused (403), as it is everywhere but sending signals. */
        static Row users(int submitOwn, int submitOthers, int read, int admin) {
            return users(submitOwn, submitOthers, read, 403, admin);
        }

        static Row users(int submitOwn, int submitOthers, int read, int signal, int admin) {
            Map<Caller, Integer> m = new EnumMap<>(Caller.class);
            for (Caller refused : List.of(Caller.NONE, Caller.BAD_SIGNATURE, Caller.OTHER_AUDIENCE, Caller.EXPIRED)) {
                m.put(refused, 401);
            }
            m.put(Caller.SUBMIT_OWN, submitOwn);
            m.put(Caller.SUBMIT_OTHERS, submitOthers);
            m.put(Caller.READ, read);
            m.put(Caller.SIGNAL, signal);
            m.put(Caller.ADMIN, admin);
            return new Row(m, false);
        }

        static Row senders() {
            return new Row(Map.of(), true);
        }
    }

    /** The matrix. {id}: a run alice started; {name}/{version}: a registered workflow. */
    private static final Map<String, Row> MATRIX = new LinkedHashMap<>();

    /** Every endpoint of the matrix ({@code METHOD path}), and whether senders (not users) call it. */
    public static Map<String, Boolean> endpoints() {
        Map<String, Boolean> endpoints = new LinkedHashMap<>();
        MATRIX.forEach((endpoint, row) -> endpoints.put(endpoint, row.sender()));
        return endpoints;
    }
    static {
        MATRIX.put("POST /workflows/runs", Row.users(202, 202, 403, 202));
        MATRIX.put("GET /workflows/runs", Row.users(200, 200, 200, 200));
        MATRIX.put("GET /workflows/runs/counts", Row.users(403, 403, 200, 200)); // counts cover every starter
        MATRIX.put("GET /workflows/runs/{id}", Row.users(200, 404, 200, 200));
        MATRIX.put("GET /workflows/runs/{id}/events", Row.users(200, 404, 200, 200));
        MATRIX.put("GET /workflows/runs/{id}/steps/{step}/items", Row.users(200, 404, 200, 200));
        MATRIX.put("GET /workflows/runs/{id}/stream", Row.users(200, 404, 200, 200));
        MATRIX.put("POST /workflows/runs/{id}/cancel", Row.users(202, 404, 403, 202));
        MATRIX.put("POST /workflows/runs/{id}/pause", Row.users(403, 403, 403, 202));
        MATRIX.put("POST /workflows/runs/{id}/resume", Row.users(403, 403, 403, 409)); // allowed; the run is not paused
        MATRIX.put("POST /workflows/runs/{id}/redrive", Row.users(403, 403, 403, 409)); // allowed; the run has not failed
        // {name}: the signal the run's second step waits for; a signaller need not read the run
        MATRIX.put("POST /workflows/runs/{id}/signals/{name}", Row.users(403, 404, 403, 202, 202));
        MATRIX.put("POST /workflows/definitions", Row.users(403, 403, 403, 201));
        MATRIX.put("GET /workflows/definitions", Row.users(403, 403, 200, 200));
        MATRIX.put("GET /workflows/definitions/{name}", Row.users(403, 403, 200, 200));
        MATRIX.put("GET /workflows/definitions/{name}/versions/{version}", Row.users(403, 403, 200, 200));
        MATRIX.put("GET /workflows/quarantine", Row.users(403, 403, 200, 200));
        MATRIX.put("POST /workflows/quarantine/{id}/release", Row.users(403, 403, 403, 404)); // the run is not set aside
        MATRIX.put("GET /dead-letters", Row.users(403, 403, 403, 200));
        MATRIX.put("POST /dead-letters", Row.senders());
        MATRIX.put("POST /dead-letters/{entry}/replay", Row.users(403, 403, 403, 404)); // allowed; no such entry
        MATRIX.put("POST /start-workflow", Row.senders());
        MATRIX.put("POST /signal-workflow", Row.senders());
        MATRIX.put("POST /workflow-tick", Row.senders());
    }

    @Inject
    DefinitionRegistry registry;

    private String workflow;

    @Test
    void everyDeclaredEndpointHasARow() throws IOException {
        assertThat(new TreeSet<>(declaredEndpoints())).as("endpoints the coordinator declares")
                .isEqualTo(new TreeSet<>(MATRIX.keySet()));
    }

    @Test
    void everyUserEndpointAnswersEachCallerAsItsRowSays() {
        workflow = "authz-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(("name: " + workflow + "\nversion: \"1\"\nsteps:\n  - {id: a, function: test/act, input: '{sleepMs: 30000}'}\n"
                + "  - {id: b, dependsOn: [a], wait: {signal: go}}\n"
                + "  - {id: m, function: test/act, map: {items: '[1, 2]'}, input: '{sleepMs: 30000}'}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<String> wrong = new ArrayList<>();
        MATRIX.forEach((endpoint, row) -> {
            if (row.sender()) {
                return;
            }
            row.expected().forEach((caller, status) -> {
                int actual = call(endpoint, caller);
                if (actual != status) {
                    wrong.add(endpoint + " as " + caller + ": " + actual + ", expected " + status);
                }
            });
        });
        assertThat(wrong).as("answers that differ from the matrix").isEmpty();
    }

    private int call(String endpoint, Caller caller) {
        String method = endpoint.substring(0, endpoint.indexOf(' '));
        String path = endpoint.substring(endpoint.indexOf(' ') + 1)
                .replace("{id}", endpoint.contains("/runs/") || endpoint.contains("/quarantine/") ? alicesRun() : "")
                .replace("{name}", endpoint.contains("/signals/") ? "go" : workflow).replace("{version}", "1")
                .replace("{step}", "m").replace("{entry}", "1-0");
        RequestSpecification request = given();
        String token = token(caller);
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        if (endpoint.equals("POST /workflows/runs")) {
            request = request.contentType("application/json").body("{\"workflow\": \"" + workflow + "\", \"input\": {}}");
        } else if (endpoint.endsWith("/signals/{name}")) {
            request = request.contentType("application/json").body("{\"payload\": {}}");
        } else if (endpoint.equals("POST /workflows/definitions")) {
            request = request.contentType("application/yaml").body(("name: authz-new-" + UUID.randomUUID().toString().substring(0, 8)
                    + "\nversion: \"1\"\nsteps:\n  - {id: a, function: test/act}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (endpoint.endsWith("/stream")) {
            return streamStatus(path, token); // the run is running: its stream stays open
        }
        return (method.equals("GET") ? request.get(path) : request.post(path)).statusCode();
    }

    /** The status of a server-sent-events stream, read as soon as the headers arrive; the stream is then closed. */
    private static int streamStatus(String path, String token) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + path))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            java.net.http.HttpResponse<java.io.InputStream> response = java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    /** A fresh run of alice's for each call, so a cancel finds it running. */
    private String alicesRun() {
        return given().header("Authorization", "Bearer " + DevTokens.token("alice", "workflow-submit")).contentType("application/json")
                .body("{\"workflow\": \"" + workflow + "\", \"input\": {}}").post("/workflows/runs").then().statusCode(202)
                .extract().path("id");
    }

    private static String token(Caller caller) {
        Instant now = Instant.now();
        return switch (caller) {
            case NONE -> null;
            case BAD_SIGNATURE -> {
                String good = DevTokens.token("alice", "workflow-admin");
                int dot = good.lastIndexOf('.');
                String signature = good.substring(dot + 1);
                yield good.substring(0, dot + 1) + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
            }
            case OTHER_AUDIENCE -> DevTokens.token("alice", "another-api", now, now.plus(Duration.ofMinutes(5)), "workflow-admin");
            case EXPIRED -> DevTokens.token("alice", DevTokens.AUDIENCE, now.minus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(5)),
                    "workflow-admin");
            case SUBMIT_OWN -> DevTokens.token("alice", "workflow-submit");
            case SUBMIT_OTHERS -> DevTokens.token("dave", "workflow-submit");
            case READ -> DevTokens.token("bob", "workflow-read");
            case SIGNAL -> DevTokens.token("erin", "workflow-signal");
            case ADMIN -> DevTokens.token("carol", "workflow-admin");
        };
    }

    /** Every HTTP endpoint the coordinator's classes declare: JAX-RS resource methods and Funqy functions. */
    private List<String> declaredEndpoints() throws IOException {
        Path classes = Path.of("target", "classes");
        List<String> endpoints = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                for (Method m : type.getDeclaredMethods()) {
                    Funq funq = m.getAnnotation(Funq.class);
                    if (funq != null) {
                        endpoints.add("POST /" + (funq.value().isEmpty() ? m.getName() : funq.value()));
                    }
                    String verb = verb(m);
                    if (base != null && verb != null) {
                        jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                        endpoints.add(verb + " " + base.value() + (sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        return endpoints;
    }

    private static String verb(Method m) {
        for (Class<? extends java.lang.annotation.Annotation> verb : List.of(jakarta.ws.rs.GET.class, jakarta.ws.rs.POST.class,
                jakarta.ws.rs.PUT.class, jakarta.ws.rs.DELETE.class, jakarta.ws.rs.PATCH.class, jakarta.ws.rs.HEAD.class)) {
            if (m.isAnnotationPresent(verb)) {
                return verb.getSimpleName();
            }
        }
        return null;
    }
}
