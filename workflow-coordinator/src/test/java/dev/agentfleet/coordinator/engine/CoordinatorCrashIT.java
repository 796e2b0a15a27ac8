package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.process.FreePorts;
import dev.agentfleet.localfleet.process.QuarkusApp;
import dev.agentfleet.localfleet.redis.RedisServer;
import io.restassured.http.ContentType;

/**
 * The packaged coordinator is SIGKILLed while 100 ten-step runs are in flight; a new process on the same Redis
 * finishes every one of them, and the test functions saw each step under exactly one idempotency key (attempt 1):
 * redeliveries of a key after the crash are allowed, a second attempt of a step is not.
 */
class CoordinatorCrashIT {

    private static final int RUNS = 100;
    private static final int STEPS = 10;
    private static final Duration LEASE = Duration.ofSeconds(2);

    @Test
    void aKilledCoordinatorLosesNoRunAndAppliesNoStepTwice() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "crash-it"));
        Path publicKey = Files.writeString(work.resolve("jwt-public.pem"), DevTokens.publicKeyPem());
        String token = "Bearer " + DevTokens.token("crash-it", "workflow-admin");
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().appendOnly(true).start()) {
            Map<String, String> functionConfig = functions.start();
            Map<String, String> props = Map.of(
                    "quarkus.redis.hosts", redis.uri(),
                    "agentfleet.coordinator.functions", functionConfig.get("agentfleet.coordinator.functions"),
                    "agentfleet.coordinator.function-urls.test", functionConfig.get("test.functions.url"),
                    "agentfleet.coordinator.engine.lease-ttl", "PT" + LEASE.toSeconds() + "S",
                    "mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toString());
            int port = FreePorts.find();
            Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
            QuarkusApp first = new QuarkusApp(jar, port, props, work.resolve("coordinator-1.log"), List.of("-Xmx256m"))
                    .start(Duration.ofSeconds(60));
            String base = first.url();

            StringBuilder steps = new StringBuilder("name: crash-chain\nversion: \"1\"\nsteps:\n");
            for (int i = 1; i <= STEPS; i++) {
                steps.append("  - {id: s").append(i).append(", function: test/act, ")
                        .append(i == 1 ? "" : "dependsOn: [s" + (i - 1) + "], ")
                        .append("input: '{n: ").append(i == 1 ? ".input.n" : "(.steps.s" + (i - 1) + ".output.echo.n + 1)")
                        .append(", sleepMs: 200}'}\n");
            }
            steps.append("output: '{n: .steps.s").append(STEPS).append(".output.echo.n}'\n");
            given().baseUri(base).header("Authorization", token).contentType("application/yaml").body(steps.toString().getBytes())
                    .post("/workflows/definitions").then().statusCode(201);

            long postingStarted = System.nanoTime();
            List<String> runs = startRuns(base, token);
            double postingSeconds = (System.nanoTime() - postingStarted) / 1e9;
            // Kill mid-flight: once a good share of steps has been delivered, but long before the chains can finish.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> given()
                    .baseUri(functionConfig.get("test.functions.url")).get("/deliveries").then().extract().jsonPath()
                    .getMap("$").size() >= RUNS * STEPS / 4);
            first.kill();
            long unfinishedAtKill = runs.stream().filter(id -> !"SUCCEEDED".equals(redis.command("HGET", runKey(id), "status"))).count();

            long restartAt = System.nanoTime();
            QuarkusApp second = new QuarkusApp(jar, port, props, work.resolve("coordinator-2.log"), List.of("-Xmx256m"))
                    .start(Duration.ofSeconds(60));
            try {
                Awaitility.await().atMost(LEASE.plusSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> runs.stream()
                        .allMatch(id -> "SUCCEEDED".equals(redis.command("HGET", runKey(id), "status"))));
                double recoverySeconds = (System.nanoTime() - restartAt) / 1e9;

                Map<String, Integer> deliveries = given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries")
                        .then().statusCode(200).extract().jsonPath().getMap("$");
                Map<String, List<String>> keysPerStep = new TreeMap<>();
                int redelivered = 0;
                for (Map.Entry<String, Integer> d : deliveries.entrySet()) {
                    String key = d.getKey();
                    keysPerStep.computeIfAbsent(key.substring(0, key.lastIndexOf('/')), k -> new ArrayList<>()).add(key);
                    redelivered += d.getValue() - 1;
                }
                Map<String, List<String>> wrong = new HashMap<>();
                for (String id : runs) {
                    for (int i = 1; i <= STEPS; i++) {
                        String step = id + "/s" + i;
                        List<String> keys = keysPerStep.getOrDefault(step, List.of());
                        if (!keys.equals(List.of(step + "/1"))) {
                            wrong.put(step, keys);
                        }
                    }
                    assertThat(redis.command("HGET", runKey(id), "output")).isEqualTo("{\"n\":" + (STEPS - 1) + "}");
                }
                System.out.printf("crash test: %d runs x %d steps started in %.2f s; %d unfinished when the coordinator was killed; all finished %.1f s"
                        + " after the restart; %d deliveries repeated an earlier key; %d steps ran under another key%n",
                        RUNS, STEPS, postingSeconds, unfinishedAtKill, recoverySeconds, redelivered, wrong.size());
                assertThat(unfinishedAtKill).as("runs in flight when the coordinator died").isGreaterThan(RUNS / 2);
                assertThat(wrong).as("steps seen under a key other than <run>/<step>/1").isEmpty();
            } finally {
                second.stop();
            }
        } finally {
            functions.stop();
        }
    }

    /** Starts the runs from 16 client threads so they are all in flight long before the first chain could finish. */
    private static List<String> startRuns(String base, String token) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                started.add(clients.submit(() -> given().baseUri(base).header("Authorization", token).contentType(ContentType.JSON)
                        .body("{\"workflow\": \"crash-chain\", \"input\": {\"n\": 0}}").post("/workflows/runs")
                        .then().statusCode(202).extract().<String>path("id")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> id : started) {
                ids.add(id.get());
            }
            return ids;
        } finally {
            clients.shutdownNow();
        }
    }

    private static String runKey(String runId) {
        int partition = Integer.parseInt(runId.substring(1, runId.indexOf('-')));
        return "agentfleet:{wf-" + partition + "}:run:" + runId;
    }
}
