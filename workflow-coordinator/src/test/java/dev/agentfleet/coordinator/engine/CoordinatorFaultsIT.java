package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;
import io.restassured.path.json.JsonPath;

/**
 * Faults against the packaged coordinator: functions that fail 30 % of calls and hang past the step timeout on 10 %,
 * a step that is always refused, and a function that fails until its circuit opens (the only circuit that may open). Runs follow their retry policies
 * (every failed step used all its attempts, every succeeded run's steps succeeded within them), failed runs compensate
 * what they completed, and the breaker opens, fails calls fast, probes and closes.
 */
class CoordinatorFaultsIT {

    private static final int RUNS = 60;
    private static final int MAX_ATTEMPTS = 4;
    /** High enough that 30 % failing calls (0.37 with hangs) never trip it by chance: 0.37^15 is about 3e-7. */
    private static final int THRESHOLD = 15;

    @Test
    void runsFollowTheirPoliciesUnderFailingAndHangingFunctions() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().appendOnly(true).start()) {
            Map<String, String> functionConfig = functions.start();
            PackagedCoordinator coordinator = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(2),
                    Path.of("target", "faults-it"), Map.of("agentfleet.coordinator.breaker.failure-threshold", String.valueOf(THRESHOLD),
                            "agentfleet.coordinator.breaker.open-for", "PT2S")).start();
            try {
                String faulty = "{failRate: 0.3, hangRate: 0.1, hangMs: 3000}";
                coordinator.register("""
                        name: faulty
                        version: "1"
                        steps:
                          - {id: a, function: test/act, input: '%1$s', timeout: 500ms, retry: %2$s,
                             compensation: {function: test/undo, input: '{}'}}
                          - {id: b, function: test/act, dependsOn: [a], input: '%1$s', timeout: 500ms, retry: %2$s}
                          - {id: c, function: test/act, dependsOn: [b], input: '%1$s', timeout: 500ms, retry: %2$s}
                        """.formatted(faulty, "{maxAttempts: " + MAX_ATTEMPTS + ", initialBackoff: 50ms, maxBackoff: 200ms}"));
                coordinator.register("""
                        name: doomed
                        version: "1"
                        steps:
                          - {id: a, function: test/act, compensation: {function: test/undo, input: '{}'}}
                          - {id: b, function: test/act, dependsOn: [a], input: '{status: 422}'}
                        """);
                coordinator.register("""
                        name: brittle
                        version: "1"
                        steps:
                          - {id: call, function: test/brittle, input: '{status: .input.status}', retry: {maxAttempts: 1}}
                        """);

                // Failing and hanging functions, with retries and compensation.
                List<String> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    runs.add(coordinator.startRun("faulty", "{}"));
                }
                String doomed = coordinator.startRun("doomed", "{}");
                List<JsonPath> finished = new ArrayList<>();
                for (String id : runs) {
                    finished.add(coordinator.awaitFinal(id));
                }
                int succeeded = 0;
                int failed = 0;
                int retried = 0;
                int timeouts = 0;
                for (JsonPath run : finished) {
                    List<Map<String, Object>> steps = run.getList("steps");
                    boolean allSucceeded = steps.stream().allMatch(s -> "SUCCEEDED".equals(s.get("status")));
                    if ("SUCCEEDED".equals(run.getString("status"))) {
                        succeeded++;
                        assertThat(allSucceeded).as("a succeeded run's steps all succeeded").isTrue();
                    } else {
                        failed++;
                        assertThat(run.getString("status")).isEqualTo("FAILED");
                        Map<String, Object> failedStep = steps.stream().filter(s -> "FAILED".equals(s.get("status"))).findFirst()
                                .orElseThrow();
                        assertThat(failedStep.get("attempts")).as("a failed step used every attempt").isEqualTo(MAX_ATTEMPTS);
                        if (!"a".equals(failedStep.get("id"))) {
                            assertThat(steps.get(0).get("status")).as("the completed first step is compensated").isEqualTo("COMPENSATED");
                        }
                    }
                    for (Map<String, Object> step : steps) {
                        int attempts = (Integer) step.get("attempts");
                        assertThat(attempts).isBetween(0, MAX_ATTEMPTS);
                        retried += Math.max(0, attempts - 1);
                    }
                    timeouts += (int) events(coordinator, run.getString("id")).stream()
                            .filter(e -> e.contains("\"kind\":\"timeout\"") || e.contains("kind=timeout")).count();
                }
                JsonPath doomedRun = coordinator.awaitFinal(doomed);
                assertThat(doomedRun.getString("status")).isEqualTo("FAILED");
                assertThat(doomedRun.getString("steps.find { it.id == 'a' }.status")).isEqualTo("COMPENSATED");
                assertThat(doomedRun.getInt("steps.find { it.id == 'b' }.attempts")).as("a refused input is not retried").isEqualTo(1);

                // The breaker: THRESHOLD failures in a row open it, calls then fail fast, after open-for a probe closes it.
                for (int i = 0; i < THRESHOLD; i++) {
                    assertThat(coordinator.awaitFinal(coordinator.startRun("brittle", "{\"status\": 503}")).getString("status"))
                            .isEqualTo("FAILED");
                }
                // The failure that trips the breaker is recorded in Redis after the run has failed; wait until this
                // replica sees the circuit open (its metric reads the same view its calls are permitted by).
                Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> given()
                        .baseUri(coordinator.managementUrl()).get("/q/metrics").asString()
                        .matches("(?s).*agentfleet_workflow_circuit_state\\{function=\"test/brittle\"[^}]*} 2\\.0.*"));
                JsonPath fastFailed = coordinator.awaitFinal(coordinator.startRun("brittle", "{\"status\": 200}"));
                assertThat(fastFailed.getString("steps[0].error.message")).as(fastFailed.prettify()).contains("circuit");
                Thread.sleep(2500);
                assertThat(coordinator.awaitFinal(coordinator.startRun("brittle", "{\"status\": 200}")).getString("status"))
                        .isEqualTo("SUCCEEDED");
                String metrics = given().baseUri(coordinator.managementUrl()).get("/q/metrics").asString();

                System.out.printf("faults test: %d runs with 30 %% failing and 10 %% hanging calls: %d succeeded, %d failed after"
                        + " %d attempts, %d retries, %d attempt timeouts; refused step compensated; circuit opened %s times,"
                        + " closed %s times%n", RUNS, succeeded, failed, MAX_ATTEMPTS, retried, timeouts,
                        counter(metrics, "circuit-opened"), counter(metrics, "circuit-closed"));
                assertThat(succeeded).as("runs that succeeded despite the faults, thanks to retries").isGreaterThan(RUNS * 3 / 4);
                assertThat(retried).as("retries happened").isPositive();
                assertThat(timeouts).as("hung calls timed out").isPositive();
                assertThat(counter(metrics, "circuit-opened")).as("only test/brittle's circuit opened, once").isEqualTo(1);
                assertThat(counter(metrics, "circuit-closed")).isEqualTo(1);
                assertThat(metrics).containsPattern("agentfleet_workflow_circuit_state\\{function=\"test/brittle\"[^}]*} 0\\.0");
            } finally {
                coordinator.stop();
            }
        } finally {
            functions.stop();
        }
    }



    private static List<String> events(PackagedCoordinator coordinator, String id) {
        return given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).get("/workflows/runs/" + id + "/events")
                .jsonPath().getList("events.failure.kind").stream().map(k -> "kind=" + k).toList();
    }

    private static double counter(String metrics, String transition) {
        Matcher m = Pattern.compile("agentfleet_workflow_transitions_total\\{transition=\"" + transition + "\"[^}]*} ([0-9.]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
