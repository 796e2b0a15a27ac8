package dev.agentfleet.coordinator.definition;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Redis loses its data (here FLUSHALL, as a restart without persistence would): runs are cleanly 404 and the seed
 * workflows come back on their own, without restarting the coordinator. Its own application and Redis (a profile), so
 * the flush touches no other test's data.
 */
@QuarkusTest
@TestProfile(DataLossTest.FastSeedCheck.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class DataLossTest {

    private static final String ADMIN = "Bearer " + DevTokens.token("carol", "workflow-admin");

    /** Checks the seeds every half second. */
    public static class FastSeedCheck implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agentfleet.coordinator.seed-check-interval", "PT0.5S");
        }
    }

    @RedisTestResource.InjectRedisServer
    RedisServer redis;

    @Test
    void afterRedisLosesItsDataRunsAre404AndTheSeedsAreRegisteredAgain() {
        String id = given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"workflow\": \"security-triage\", \"input\": {\"events\": [{}]}}").post("/workflows/runs")
                .then().statusCode(202).extract().path("id");

        redis.command("FLUSHALL");

        given().header("Authorization", ADMIN).get("/workflows/runs/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String seed : SeedWorkflows.NAMES) {
                given().header("Authorization", ADMIN).get("/workflows/definitions/" + seed).then().statusCode(200);
            }
        });
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"workflow\": \"security-triage\", \"input\": {\"events\": [{}]}}").post("/workflows/runs")
                .then().statusCode(202);
    }
}
