package dev.agentfleet.coordinator.api;

import static dev.agentfleet.coordinator.testing.ApiFixture.ADMIN;
import static dev.agentfleet.coordinator.testing.ApiFixture.READER;
import static dev.agentfleet.coordinator.testing.ApiFixture.SUBMITTER;
import static dev.agentfleet.coordinator.testing.ApiFixture.awaitStatus;
import static dev.agentfleet.coordinator.testing.ApiFixture.start;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestClock;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The counts by status follow every run through the scripts that move it (start, commit, redrive, and the sweep that
 * ends its retention), on a Redis of this test's own (its profile restarts the application with fresh test resources),
 * so every run counted is one this test started.
 */
@QuarkusTest
@TestProfile(RunCountsTest.OwnRedis.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunCountsTest {

    /** A profile of its own: a fresh Redis (and test functions) for this class. */
    public static class OwnRedis implements QuarkusTestProfile {
    }

    @Inject
    DefinitionRegistry registry;
    @Inject
    TestClock clock;

    @Test
    void countsFollowEachRunThroughItsStatusesAndLeaveWithItsRetention() {
        String act = ApiFixture.register(registry, "counts", "steps:\n  - {id: a, function: test/act, input: .input}\n");
        String waits = ApiFixture.register(registry, "counts-wait", "steps:\n  - {id: hold, wait: {signal: go}}\n");
        String succeeds = start(act, "{}");
        String fails = start(act, "{\"status\": 422}");
        String redriven = start(act, "{\"failFirst\": 1, \"failStatus\": 422}");
        String running = start(waits, "{}");
        String cancelled = start(waits, "{}");
        String paused = start(waits, "{}");
        awaitStatus(succeeds, "SUCCEEDED");
        awaitStatus(fails, "FAILED");
        awaitStatus(redriven, "FAILED");
        expect(Map.of("RUNNING", 3L, "FAILED", 2L, "SUCCEEDED", 1L));

        ApiFixture.as(ADMIN).post("/workflows/runs/" + cancelled + "/cancel").then().statusCode(202);
        ApiFixture.as(ADMIN).post("/workflows/runs/" + paused + "/pause").then().statusCode(202);
        ApiFixture.as(ADMIN).post("/workflows/runs/" + redriven + "/redrive").then().statusCode(202);
        awaitStatus(cancelled, "CANCELLED");
        awaitStatus(paused, "PAUSED");
        awaitStatus(redriven, "SUCCEEDED");
        expect(Map.of("RUNNING", 1L, "PAUSED", 1L, "SUCCEEDED", 2L, "FAILED", 1L, "CANCELLED", 1L));

        // a submitter sees only its own runs, so it is not given counts over everyone's
        given().header("Authorization", SUBMITTER).get("/workflows/runs/counts").then().statusCode(403);

        // past the retention (7 days) the sweep takes the finished runs out of the listing and the counts
        ApiFixture.as(ADMIN).post("/workflows/runs/" + running + "/cancel").then().statusCode(202);
        ApiFixture.as(ADMIN).post("/workflows/runs/" + paused + "/cancel").then().statusCode(202);
        awaitStatus(running, "CANCELLED");
        awaitStatus(paused, "CANCELLED");
        expect(Map.of("SUCCEEDED", 2L, "FAILED", 1L, "CANCELLED", 3L));
        clock.advance(Duration.ofDays(8));
        expect(Map.of());
        assertThat(given().header("Authorization", READER).get("/workflows/runs?limit=100").then().statusCode(200)
                .extract().jsonPath().getList("runs")).as("the listing is swept alike").isEmpty();
    }

    /** Waits until the counts are these (every status not named: 0). */
    private static void expect(Map<String, Long> nonZero) {
        Map<String, Object> expected = new TreeMap<>();
        for (RunStatus status : RunStatus.values()) {
            expected.put(status.name(), nonZero.getOrDefault(status.name(), 0L).intValue());
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(new TreeMap<>(given().header("Authorization", READER).get("/workflows/runs/counts").then()
                        .statusCode(200).extract().jsonPath().getMap("$"))).isEqualTo(expected));
    }
}
