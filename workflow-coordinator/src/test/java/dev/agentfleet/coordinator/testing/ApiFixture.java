package dev.agentfleet.coordinator.testing;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import dev.agentfleet.coordinator.api.AuditLog;
import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.localfleet.auth.DevTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.restassured.specification.RequestSpecification;

/** What the run API's in-process tests share: callers by role, requests as one of them, throwaway definitions. */
public final class ApiFixture {

    /** alice: starts runs, reads and cancels her own. */
    public static final String SUBMITTER = bearer("alice", "workflow-submit");
    /** bob: reads every run. */
    public static final String READER = bearer("bob", "workflow-read");
    /** carol: registers definitions, cancels and releases any run. */
    public static final String ADMIN = bearer("carol", "workflow-admin");

    private ApiFixture() {
    }

    /** An {@code Authorization} value for a development token of {@code user} with {@code roles}. */
    public static String bearer(String user, String... roles) {
        return "Bearer " + DevTokens.token(user, roles);
    }

    /** A JSON request with {@code token} as its {@code Authorization}. */
    public static RequestSpecification as(String token) {
        return given().header("Authorization", token).contentType("application/json");
    }

    /**
     * Registers a definition named {@code <prefix>-<random>} whose YAML after its name and version is {@code body}
     * ({@code steps: ...}, and {@code input:} or {@code output:} as needed); answers the name.
     */
    public static String register(DefinitionRegistry registry, String prefix, String body) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(("name: " + name + "\nversion: \"1\"\n" + body).getBytes(StandardCharsets.UTF_8));
        return name;
    }

    /** Starts a run of {@code workflow} with {@code input} (JSON) as alice, the submitter; answers its id. */
    public static String start(String workflow, String input) {
        return as(SUBMITTER).body("{\"workflow\": \"" + workflow + "\", \"input\": " + input + "}").post("/workflows/runs").then()
                .statusCode(202).extract().path("id");
    }

    /** The run's view, read by the admin. */
    public static io.restassured.response.ValidatableResponse view(String runId) {
        return given().header("Authorization", ADMIN).get("/workflows/runs/" + runId).then().statusCode(200);
    }

    /** Waits (half a minute at most) until the run has {@code status}. */
    public static void awaitStatus(String runId, String status) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(50))
                .until(() -> given().header("Authorization", ADMIN).get("/workflows/runs/" + runId).then().extract().path("status"),
                        status::equals);
    }

    /** The audit log's entries, oldest first, each as {@code "<subject> <action> <target> <outcome>"}. */
    public static List<String> auditEntries(RedisDataSource redis, AuditLog audit) {
        return redis.stream(String.class).xrange(audit.key(), StreamRange.of("-", "+")).stream()
                .map(m -> m.payload().get("subject") + " " + m.payload().get("action") + " " + m.payload().get("target") + " "
                        + m.payload().get("outcome"))
                .toList();
    }
}
