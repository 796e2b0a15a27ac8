package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;
import io.restassured.path.json.JsonPath;

/**
 * Two coordinator processes on one Redis: the circuit of a function that failed on replica A fails calls fast on
 * replica B, which never saw a failure itself, and B's call never reaches the function.
 */
class SharedBreakerIT {

    private static final int THRESHOLD = 3;

    @Test
    void aCircuitOpenedByFailuresOnOneReplicaFailsCallsFastOnAnother() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().start()) {
            Map<String, String> functionConfig = functions.start();
            Map<String, String> breaker = Map.of("agentfleet.coordinator.breaker.failure-threshold", String.valueOf(THRESHOLD),
                    "agentfleet.coordinator.breaker.open-for", "PT10M"); // stays open for the whole test, however slow
            PackagedCoordinator a = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(2),
                    Path.of("target", "shared-breaker-it", "a"), breaker).start();
            PackagedCoordinator b = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(2),
                    Path.of("target", "shared-breaker-it", "b"), breaker).start();
            try {
                a.register("""
                        name: brittle
                        version: "1"
                        steps:
                          - {id: call, function: test/brittle, input: '{status: .input.status}', retry: {maxAttempts: 1}}
                        """);
                a.register("""
                        name: probe
                        version: "1"
                        steps:
                          - {id: a, function: test/act}
                        """);
                // B owns partitions once a run it starts is also finished by it (a start goes to a partition its
                // replica owns, when it owns any).
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    b.awaitFinal(b.startRun("probe", "{}"));
                    return finished(b, "probe") > 0;
                });

                for (int i = 0; i < THRESHOLD; i++) {
                    assertThat(a.awaitFinal(a.startRun("brittle", "{\"status\": 503}")).getString("status")).isEqualTo("FAILED");
                }
                assertThat(finished(b, "brittle")).as("B ran none of the failing calls").isZero();
                // B has never called test/brittle: its first call asks Redis (it used to go through on a fresh replica).
                int callsBefore = brittleCalls(functionConfig);
                JsonPath fastFailed = b.awaitFinal(b.startRun("brittle", "{\"status\": 200}"));
                assertThat(fastFailed.getString("status")).isEqualTo("FAILED");
                assertThat(fastFailed.getString("steps[0].error.message")).as(fastFailed.prettify()).contains("circuit");
                assertThat(finished(b, "brittle")).as("B ran the fast-failed run itself").isEqualTo(1);
                assertThat(brittleCalls(functionConfig)).as("the open circuit kept B's call from the function").isEqualTo(callsBefore);
                assertThat(given().baseUri(b.managementUrl()).get("/q/metrics").asString())
                        .containsPattern("agentfleet_workflow_circuit_state\\{function=\"test/brittle\"[^}]*} 2\\.0");
            } finally {
                b.stop();
                a.stop();
            }
        } finally {
            functions.stop();
        }
    }



    /** Runs of {@code workflow} this replica finished (each replica counts the runs it executed). */
    private static double finished(PackagedCoordinator coordinator, String workflow) {
        return coordinator.metric("agentfleet_workflow_runs_finished_total", "workflow=\"" + workflow + "\"");
    }

    /** Calls test/brittle received (its step is the only one named call), by the test functions' delivery records. */
    private static int brittleCalls(Map<String, String> functionConfig) {
        Map<String, Integer> deliveries = given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries")
                .then().statusCode(200).extract().jsonPath().getMap("$");
        return deliveries.entrySet().stream().filter(e -> e.getKey().contains("/call/")).mapToInt(Map.Entry::getValue).sum();
    }
}
