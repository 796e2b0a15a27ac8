package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Stored runs the engine cannot read or resume (a hash missing its fields, a run pinned to a definition that is gone)
 * are quarantined with their reason: the runs beside them go on, the replica stays ready, the API lists them and shows
 * them, and a released run whose cause was repaired finishes.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class QuarantineTest {

    private static final String READ = ApiFixture.READER;
    private static final String SUBMIT = ApiFixture.SUBMITTER;
    private static final String ADMIN = ApiFixture.ADMIN;

    @Inject
    DefinitionRegistry registry;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;
    @Inject
    MeterRegistry meters;

    @Test
    void unreadableRunsAreSetAsideVisiblyAndAReleasedRepairedRunFinishes() {
        String wf = ApiFixture.register(registry, "q", "steps:\n  - {id: a, function: test/act, input: '{n: .input.n}'}\n"
                + "  - {id: b, function: test/act, dependsOn: [a], input: '{n: (.steps.a.output.echo.n + 1)}'}\n");
        String template = start(wf);
        awaitStatus(template, "SUCCEEDED");
        Map<String, String> finished = redis.hash(String.class).hgetall(keys.run(template));
        int partition = keys.partitionOf(template);

        // A run hash with fields missing, and a run pinned to a definition no one stored, both handed to the owner
        String torn = "r" + partition + "-" + UUID.randomUUID();
        Map<String, String> tornHash = Map.of("id", torn, "workflow", wf, "status", "RUNNING", "rev", "3");
        String orphan = "r" + partition + "-" + UUID.randomUUID();
        Map<String, String> orphanHash = new HashMap<>(asRunning(finished, orphan));
        orphanHash.put("hash", "0".repeat(64));
        hand(partition, torn, tornHash);
        hand(partition, orphan, orphanHash);
        String healthy = start(wf);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> quarantined().size() >= 2);
        awaitStatus(healthy, "SUCCEEDED");
        Map<String, String> reasons = quarantined();
        assertThat(reasons.get(torn)).startsWith("unreadable: ");
        assertThat(reasons.get(orphan)).startsWith("definition-missing: ").contains("0".repeat(64));
        assertThat(redis.sortedSet(String.class).zscore(keys.active(partition), torn)).isEmpty();
        assertThat(meters.get("agentfleet.workflow.runs.quarantined").tag("cause", "unreadable").counter().count()).isGreaterThanOrEqualTo(1);
        Management.given().get("/q/health/ready").then().statusCode(200);
        // The run API shows what is there instead of failing
        given().header("Authorization", READ).get("/workflows/runs/" + torn).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("RUNNING")).body("quarantine", startsWith("unreadable: "))
                .body("unreadable", org.hamcrest.Matchers.notNullValue());
        given().header("Authorization", READ).get("/workflows/runs/" + orphan).then().statusCode(200)
                .body("quarantine", startsWith("definition-missing: "));

        // Who may look and release
        given().get("/workflows/quarantine").then().statusCode(401);
        given().header("Authorization", SUBMIT).get("/workflows/quarantine").then().statusCode(403);
        given().header("Authorization", READ).post("/workflows/quarantine/" + orphan + "/release").then().statusCode(403);
        given().header("Authorization", ADMIN).post("/workflows/quarantine/r0-not-quarantined/release").then().statusCode(404)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("id"));

        // Repaired (its definition hash pointed at the one stored) and released, the orphan runs to the end
        redis.hash(String.class).hset(keys.run(orphan), "hash", finished.get("hash"));
        given().header("Authorization", ADMIN).post("/workflows/quarantine/" + orphan + "/release").then().statusCode(202);
        awaitStatus(orphan, "SUCCEEDED");
        assertThat(quarantined()).containsKey(torn).doesNotContainKey(orphan);
        assertThat(given().header("Authorization", READ).get("/workflows/runs/" + orphan).then().extract().<String>path("quarantine")).isNull();
    }

    /** A finished run's hash turned into a running one under a new id: step a done, b not started. */
    private static Map<String, String> asRunning(Map<String, String> finished, String id) {
        Map<String, String> hash = new HashMap<>(finished);
        hash.put("id", id);
        hash.put("status", "RUNNING");
        hash.remove("output");
        hash.remove("finishedAt");
        hash.remove("notified");
        hash.put("step:b", "{\"status\":\"PENDING\",\"attempt\":0}");
        hash.remove("idempotencyKey");
        return hash;
    }

    /** Writes a run into a partition and queues it for the owner, as another replica's start would. */
    private void hand(int partition, String id, Map<String, String> hash) {
        redis.hash(String.class).hset(keys.run(id), hash);
        redis.sortedSet(String.class).zadd(keys.active(partition), System.currentTimeMillis(), id);
        redis.list(String.class).rpush(keys.inbox(partition), id);
    }

    private static Map<String, String> quarantined() {
        List<Map<String, Object>> runs = JsonPath.from(given().header("Authorization", READ).get("/workflows/quarantine").then()
                .statusCode(200).extract().asString()).getList("runs");
        Map<String, String> reasons = new HashMap<>();
        runs.forEach(r -> reasons.put((String) r.get("id"), (String) r.get("reason")));
        return reasons;
    }

    private static String start(String wf) {
        return given().header("Authorization", SUBMIT).contentType("application/json")
                .body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1}}").post("/workflows/runs").then().statusCode(202)
                .extract().path("id");
    }

    private static void awaitStatus(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", READ).get("/workflows/runs/" + id)
                .path("status"), status::equals);
    }
}
