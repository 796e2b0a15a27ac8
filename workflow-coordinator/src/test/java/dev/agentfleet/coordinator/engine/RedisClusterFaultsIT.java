package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepTransition;
import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisCluster;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The packaged coordinator on a real TLS Redis Cluster (3 primaries, 3 replicas, token-style rotating password) while
 * 200 ten-step runs are in flight (each then waits for a signal the test sends once the faults are over, so every run
 * is in flight through every fault), through the faults production Redis has: a replica promoted by CLUSTER FAILOVER, a
 * primary SIGKILLed so its replica takes over (then restarted, to rejoin as a replica), the slot of a busy partition
 * migrated key by key to another primary, and the password rotated with the old one revoked and every connection
 * dropped. Every run ends SUCCEEDED with the right output, its history holds every transition exactly once, the
 * functions saw each step under one key (attempt 1), nothing was quarantined, the same process served throughout and
 * the run API never answered 500 (503 with Retry-After is allowed). Prints how long each fault took, the longest stall
 * (a step whose end was committed longest after its function's sleep) and the API's longest unavailability.
 */
class RedisClusterFaultsIT {

    private static final int RUNS = 200;
    private static final int STEPS = 10;
    /** Steps that take a while, so the first faults hit calls in flight. */
    private static final int STEP_MS = 4000;
    /**
     * After its ten steps each run waits for this signal, which the test sends once every fault is over: the runs are in
     * flight through all four faults however long the faults take on a loaded machine (ten steps alone are done in about
     * 40 s, and on a busy machine the first two faults took longer than that).
     */
    private static final String RELEASE = "release";

    @Test
    void runsSurviveFailoverPrimaryLossReshardingAndTokenRotation() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisCluster cluster = RedisCluster.builder().start()) {
            Map<String, String> functionConfig = functions.start();
            PackagedCoordinator coordinator = new PackagedCoordinator(cluster, functionConfig, Duration.ofSeconds(5),
                    Path.of("target", "cluster-faults-it")).start();
            try {
                coordinator.register(PackagedCoordinator.heldChain("cluster-chain", STEPS, STEP_MS, RELEASE));
                List<String> runs = startRuns(coordinator);
                ApiProbe probe = new ApiProbe(coordinator, runs).start();
                Map<String, long[]> faults = new LinkedHashMap<>();
                // Each fault must hit runs in flight: counted as it begins (not after the last one, which on a loaded
                // machine can come after the runs are done however well the faults went).
                Map<String, Long> inFlight = new LinkedHashMap<>();
                java.util.function.Consumer<String> beginning = fault -> inFlight.put(fault,
                        runs.stream().filter(id -> !"SUCCEEDED".equals(status(cluster, id))).count());
                beginning.accept("CLUSTER FAILOVER");

                faults.put("CLUSTER FAILOVER", timed(() -> cluster.failover(cluster.ownerOf(cluster.slotOf("{wf-0}")))));
                beginning.accept("primary SIGKILL");
                faults.put("primary SIGKILL", timed(() -> {
                    int victim = cluster.ownerOf(cluster.slotOf("{wf-1}"));
                    cluster.kill(victim);
                    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cluster.primaryPorts().size() == 3
                            && !cluster.primaryPorts().contains(victim));
                    cluster.awaitHealthy();
                    cluster.restart(victim);
                    cluster.awaitHealthy();
                }));
                beginning.accept("slot migration");
                faults.put("slot migration", timed(() -> {
                    int slot = cluster.slotOf("{wf-2}");
                    int from = cluster.ownerOf(slot);
                    cluster.moveSlot(slot, cluster.primaryPorts().stream().filter(p -> p != from).findFirst().orElseThrow(), 4,
                            Duration.ofMillis(100));
                }));
                beginning.accept("token rotation");
                faults.put("token rotation", timed(() -> {
                    cluster.rotatePassword("rotated-" + UUID.randomUUID());
                    // Every pooled connection goes: the ones opened from now on must use the new password
                    cluster.nodes().forEach(n -> cluster.commandOn(n.port(), "CLIENT", "KILL", "TYPE", "normal"));
                }));
                System.out.println("cluster faults: runs in flight as each fault began: " + inFlight);
                assertThat(inFlight.get("CLUSTER FAILOVER")).as("runs in flight as the first fault began").isGreaterThan(RUNS / 2);
                assertThat(inFlight.values()).as("runs in flight as each fault began").allMatch(n -> n == RUNS);

                for (String id : runs) { // every fault is over: the runs may finish
                    given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).contentType(ContentType.JSON)
                            .body("{\"payload\": {}}").post("/workflows/runs/" + id + "/signals/" + RELEASE).then().statusCode(202);
                }

                Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> runs.stream().allMatch(id -> "SUCCEEDED".equals(status(cluster, id))));
                probe.stop();

                Map<String, Integer> deliveries = given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries")
                        .then().statusCode(200).extract().jsonPath().getMap("$");
                long[] stall = {0, 0};
                List<String> wrongHistories = new ArrayList<>();
                for (String id : runs) {
                    Run run = Run.fromHash(hash(cluster, id));
                    assertThat(run.output().get("n").asInt()).isEqualTo(STEPS - 1);
                    for (int i = 1; i <= STEPS; i++) {
                        // The engine stamps a step's end when it commits the answer, and starts the next in that commit:
                        // a stall shows as a step that took longer than its function's sleep.
                        StepState step = run.step("s" + i);
                        long late = step.finishedAt - step.attemptStartedAt - STEP_MS;
                        if (late > stall[0]) {
                            stall[0] = late;
                            stall[1] = step.attemptStartedAt + STEP_MS;
                        }
                    }
                    Map<String, Integer> wrong = transitionsOnce(coordinator, id);
                    if (!wrong.isEmpty()) {
                        wrongHistories.add(id + ": " + wrong);
                    }
                }
                System.out.printf("cluster faults (%d runs x %d steps of %d ms): %s; longest stall %d ms (a step's end committed that long after its function's sleep, during %s);"
                        + " run API: %d reads, %d answered 503, longest without an answer %d ms; %d deliveries repeated a key%n",
                        RUNS, STEPS, STEP_MS, describe(faults), stall[0], during(faults, stall[1]), probe.reads, probe.unavailable,
                        probe.longestOutageMs, PackagedCoordinator.redeliveries(deliveries));

                assertThat(PackagedCoordinator.stepsNotSeenExactlyOnce(deliveries, runs, STEPS)).as("steps attempted twice").isEmpty();
                assertThat(wrongHistories).as("runs whose history lacks or repeats a transition").isEmpty();
                assertThat(probe.serverErrors).as("500s from the run API during the faults").isEmpty();
                assertThat(given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).get("/workflows/quarantine")
                        .then().statusCode(200).extract().jsonPath().getList("runs")).isEmpty();
                assertThat(coordinator.incarnations()).as("the coordinator was never restarted").isEqualTo(1);
                given().baseUri(coordinator.managementUrl()).get("/q/health/ready").then().statusCode(200);
            } finally {
                coordinator.stop();
            }
        } finally {
            functions.stop();
        }
    }

    /** Per (transition, step), how often the run's history has it, where that is not exactly once. */
    private static Map<String, Integer> transitionsOnce(PackagedCoordinator coordinator, String id) {
        JsonPath events = given().baseUri(coordinator.url()).header("Authorization", coordinator.token())
                .get("/workflows/runs/" + id + "/events").then().statusCode(200).extract().jsonPath();
        Map<String, Integer> seen = new TreeMap<>();
        for (Map<String, Object> e : events.<Map<String, Object>>getList("events")) {
            seen.merge(e.get("type") + (e.get("step") == null ? "" : "/" + e.get("step")), 1, Integer::sum);
        }
        Map<String, Integer> expected = new TreeMap<>();
        expected.put(RunTransition.RUN_STARTED.tag(), 1);
        expected.put(RunTransition.RUN_SUCCEEDED.tag(), 1);
        for (int i = 1; i <= STEPS; i++) {
            expected.put(StepTransition.STEP_STARTED.tag() + "/s" + i, 1);
            expected.put(StepTransition.STEP_SUCCEEDED.tag() + "/s" + i, 1);
        }
        expected.put(StepTransition.STEP_WAITING.tag() + "/held", 1);
        expected.put(RunTransition.SIGNAL_RECEIVED.tag(), 1);
        expected.put(StepTransition.STEP_SIGNALLED.tag() + "/held", 1);
        Map<String, Integer> wrong = new TreeMap<>();
        expected.forEach((k, n) -> {
            if (!n.equals(seen.get(k))) {
                wrong.put(k, seen.getOrDefault(k, 0));
            }
        });
        seen.forEach((k, n) -> {
            if (!expected.containsKey(k)) {
                wrong.put(k, n);
            }
        });
        return wrong;
    }

    private static Map<String, String> hash(RedisCluster cluster, String id) {
        Map<String, String> hash = new java.util.HashMap<>();
        String[] lines = cluster.command("HGETALL", PackagedCoordinator.runKey(id)).split("\\R");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            hash.put(lines[i], lines[i + 1]);
        }
        return hash;
    }

    private static String status(RedisCluster cluster, String id) {
        return cluster.command("HGET", PackagedCoordinator.runKey(id), "status");
    }

    private static long[] timed(Runnable fault) {
        long start = System.currentTimeMillis();
        fault.run();
        long end = System.currentTimeMillis();
        sleep(2000); // let the engine catch up before the next fault, so each one's stall is its own
        return new long[] { start, end };
    }

    private static String describe(Map<String, long[]> faults) {
        List<String> parts = new ArrayList<>();
        faults.forEach((name, t) -> parts.add(String.format("%s %.1f s", name, (t[1] - t[0]) / 1000.0)));
        return String.join(", ", parts);
    }

    private static String during(Map<String, long[]> faults, long at) {
        for (Map.Entry<String, long[]> f : faults.entrySet()) {
            if (at >= f.getValue()[0] && at <= f.getValue()[1] + 2000) {
                return "the " + f.getKey();
            }
        }
        return "no fault";
    }

    private static List<String> startRuns(PackagedCoordinator coordinator) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                started.add(clients.submit(() -> given().baseUri(coordinator.url()).header("Authorization", coordinator.token())
                        .contentType(ContentType.JSON).body("{\"workflow\": \"cluster-chain\", \"input\": {\"n\": 0}}")
                        .post("/workflows/runs").then().statusCode(202).extract().<String>path("id")));
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads runs through the API all along (round robin over every partition's runs): 503s counted, 500s kept. */
    private static final class ApiProbe {
        private final PackagedCoordinator coordinator;
        private final List<String> runs;
        private final List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile boolean running = true;
        private Thread thread;
        private int reads;
        private int unavailable;
        private long longestOutageMs;

        ApiProbe(PackagedCoordinator coordinator, List<String> runs) {
            this.coordinator = coordinator;
            this.runs = runs;
        }

        ApiProbe start() {
            thread = new Thread(() -> {
                long lastAnswer = System.currentTimeMillis();
                for (int i = 0; running; i++) {
                    int code;
                    try {
                        code = given().baseUri(coordinator.url()).header("Authorization", coordinator.token())
                                .get("/workflows/runs/" + runs.get(i % runs.size())).statusCode();
                    } catch (RuntimeException e) {
                        code = -1;
                    }
                    reads++;
                    long now = System.currentTimeMillis();
                    if (code == 200) {
                        longestOutageMs = Math.max(longestOutageMs, now - lastAnswer);
                        lastAnswer = now;
                    } else if (code == 503) {
                        unavailable++;
                    } else {
                        serverErrors.add(runs.get(i % runs.size()) + " -> " + code);
                    }
                    sleep(50);
                }
            }, "api-probe");
            thread.start();
            return this;
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
