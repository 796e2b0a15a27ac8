package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.TestRedis;
import io.restassured.http.ContentType;

/**
 * The packaged coordinator is SIGKILLed while 100 ten-step runs are in flight; a new process on the same Redis (a
 * single server, or a TLS Redis Cluster with {@code -Dagentfleet.redis.topology=cluster}, as the build also runs it)
 * finishes every one of them, and the test functions saw each step under exactly one idempotency key (attempt 1):
 * redeliveries of a key after the crash are allowed, a second attempt of a step is not. And runs that wait for a
 * signal, sleep or are paused when it dies carry on after the restart as they were, and a map of 1,000 items killed
 * halfway finishes with every item called under its first key, as does a parent waiting on twenty child runs.
 */
class CoordinatorCrashIT {

    private static final int RUNS = 100;
    private static final int STEPS = 10;
    private static final Duration LEASE = Duration.ofSeconds(2);

    /** The scenario of the test now running: when it fails, its coordinator's logs go to the report. */
    private static volatile Crash running;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            Crash crash = running;
            if (crash != null) {
                System.out.println("The coordinator's logs of the failed test " + context.getDisplayName() + ":\n"
                        + crash.coordinator.logTails(80));
            }
        }
    };

    @BeforeEach
    void noScenarioYet() {
        running = null;
    }

    @Test
    void aKilledCoordinatorLosesNoRunAndAppliesNoStepTwice() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (TestRedis redis = TestRedis.start()) {
            Map<String, String> functionConfig = functions.start();
            PackagedCoordinator coordinator = new PackagedCoordinator(redis, functionConfig, LEASE, Path.of("target", "crash-it")).start();
            coordinator.register(PackagedCoordinator.chain("crash-chain", STEPS, 200));

            long postingStarted = System.nanoTime();
            List<String> runs = startRuns(coordinator);
            double postingSeconds = (System.nanoTime() - postingStarted) / 1e9;
            // Kill mid-flight: once a good share of steps has been delivered, but long before the chains can finish.
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> given()
                    .baseUri(functionConfig.get("test.functions.url")).get("/deliveries").then().extract().jsonPath()
                    .getMap("$").size() >= RUNS * STEPS / 4);
            coordinator.kill();
            long unfinishedAtKill = runs.stream()
                    .filter(id -> !"SUCCEEDED".equals(redis.command("HGET", PackagedCoordinator.runKey(id), "status"))).count();

            long restartAt = System.nanoTime();
            coordinator.start();
            try {
                Awaitility.await().atMost(LEASE.plusSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> runs.stream()
                        .allMatch(id -> "SUCCEEDED".equals(redis.command("HGET", PackagedCoordinator.runKey(id), "status"))));
                double recoverySeconds = (System.nanoTime() - restartAt) / 1e9;

                Map<String, Integer> deliveries = given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries")
                        .then().statusCode(200).extract().jsonPath().getMap("$");
                Map<String, List<String>> wrong = PackagedCoordinator.stepsNotSeenExactlyOnce(deliveries, runs, STEPS);
                for (String id : runs) {
                    assertThat(redis.command("HGET", PackagedCoordinator.runKey(id), "output")).isEqualTo("{\"n\":" + (STEPS - 1) + "}");
                }
                System.out.printf("crash test: %d runs x %d steps started in %.2f s; %d unfinished when the coordinator was killed;"
                        + " all finished %.1f s after the restart; %d deliveries repeated an earlier key; %d steps ran under another"
                        + " key%n", RUNS, STEPS, postingSeconds, unfinishedAtKill, recoverySeconds,
                        PackagedCoordinator.redeliveries(deliveries), wrong.size());
                assertThat(unfinishedAtKill).as("runs in flight when the coordinator died").isGreaterThan(RUNS / 2);
                assertThat(wrong).as("steps seen under a key other than <run>/<step>/1").isEmpty();
            } finally {
                coordinator.stop();
            }
        } finally {
            functions.stop();
        }
    }

    @Test
    void runsThatWaitSleepOrArePausedWhenTheCoordinatorIsKilledCarryOnAfterTheRestart() throws Exception {
        try (Crash crash = new Crash("crash-it-steer")) {
            TestRedis redis = crash.redis;
            PackagedCoordinator coordinator = crash.coordinator;
            coordinator.register("name: crash-wait\nversion: \"1\"\nsteps:\n  - {id: a, function: test/act}\n"
                    + "  - {id: approve, dependsOn: [a], wait: {signal: go, timeout: 1h}}\n"
                    + "  - {id: b, function: test/act, dependsOn: [approve], input: '{said: .steps.approve.output.said}'}\n"
                    + "output: '{said: .steps.b.output.echo.said}'\n");
            coordinator.register("name: crash-sleep\nversion: \"1\"\nsteps:\n  - {id: nap, sleep: 6s}\n  - {id: b, function: test/act, dependsOn: [nap]}\n");
            coordinator.register("name: crash-pause\nversion: \"1\"\nsteps:\n  - {id: a, function: test/act, input: '{sleepMs: 1500}'}\n"
                    + "  - {id: b, function: test/act, dependsOn: [a]}\n");
            String waiting = coordinator.startRun("crash-wait", "{}");
            String sleeping = coordinator.startRun("crash-sleep", "{}");
            String paused = coordinator.startRun("crash-pause", "{}");
            given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).post("/workflows/runs/" + paused + "/pause")
                    .then().statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                    stepStatus(redis, waiting, "approve").equals("WAITING") && stepStatus(redis, sleeping, "nap").equals("SLEEPING")
                            && "PAUSED".equals(redis.command("HGET", PackagedCoordinator.runKey(paused), "status")));
            crash.killAndRestart();

            Awaitility.await().atMost(LEASE.plusSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    "SUCCEEDED".equals(redis.command("HGET", PackagedCoordinator.runKey(sleeping), "status")));
            given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).contentType(ContentType.JSON)
                    .body("{\"id\": \"after-restart\", \"payload\": {\"said\": \"go on\"}}")
                    .post("/workflows/runs/" + waiting + "/signals/go").then().statusCode(202);
            assertThat(coordinator.awaitFinal(waiting).getString("output.said")).isEqualTo("go on");

            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    stepStatus(redis, paused, "a").equals("SUCCEEDED")); // the call in flight when it was paused, resent
            assertThat(redis.command("HGET", PackagedCoordinator.runKey(paused), "status")).isEqualTo("PAUSED");
            assertThat(stepStatus(redis, paused, "b")).as("nothing new starts while paused, restart or not").isEqualTo("PENDING");
            given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).post("/workflows/runs/" + paused + "/resume")
                    .then().statusCode(202);
            assertThat(coordinator.awaitFinal(paused).getString("status")).isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aMapOfAThousandItemsKilledHalfwayFinishesWithEachItemCalledUnderItsFirstKey() throws Exception {
        try (Crash crash = new Crash("crash-it-map")) {
            Map<String, String> functionConfig = crash.functionConfig;
            PackagedCoordinator coordinator = crash.coordinator;
            coordinator.register("name: crash-map\nversion: \"1\"\nsteps:\n"
                    + "  - {id: fan, function: test/act, map: {items: '[range(1000)]', maxConcurrency: 50}, input: '{n: .item, sleepMs: 100}'}\n"
                    + "  - {id: total, function: test/act, dependsOn: [fan], input: '{count: (.steps.fan.output | length),"
                    + " sum: ([.steps.fan.output[].echo.n] | add)}'}\n"
                    + "output: .steps.total.output.echo\n");
            String run = coordinator.startRun("crash-map", "{}");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> items(functionConfig, run) >= 250);
            crash.killAndRestart();
            long calledAtKill = items(functionConfig, run);

            io.restassured.path.json.JsonPath finished = coordinator.awaitFinal(run);
            assertThat(finished.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(finished.getInt("output.count")).isEqualTo(1000);
            assertThat(finished.getInt("output.sum")).isEqualTo(499_500);
            Map<String, Integer> deliveries = given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries")
                    .then().statusCode(200).extract().jsonPath().getMap("$");
            List<String> notFirstKey = deliveries.keySet().stream().filter(k -> k.startsWith(run + "/fan/") && !k.endsWith("/1")).toList();
            long resent = deliveries.entrySet().stream().filter(e -> e.getKey().startsWith(run + "/fan/") && e.getValue() > 1).count();
            System.out.printf("map crash test: 1,000 items, %d called when the coordinator was killed; after the restart all"
                    + " finished; %d items delivered again under their first key, %d under another key%n", calledAtKill, resent,
                    notFirstKey.size());
            assertThat(calledAtKill).as("items called before the kill").isLessThan(1000);
            for (int i = 0; i < 1000; i++) {
                assertThat(deliveries).as("item %d", i).containsKey(run + "/fan/" + i + "/1");
            }
            assertThat(notFirstKey).as("items called under a second attempt's key").isEmpty();
        }
    }

    @Test
    void aParentWaitingOnItsChildrenWhenTheCoordinatorIsKilledFinishesWithEachChildStartedOnce() throws Exception {
        try (Crash crash = new Crash("crash-it-children")) {
            Map<String, String> functionConfig = crash.functionConfig;
            PackagedCoordinator coordinator = crash.coordinator;
            coordinator.register("name: crash-child\nversion: \"1\"\nsteps:\n"
                    + "  - {id: a, function: test/act, input: '{n: .input.n, sleepMs: 1500}'}\n"
                    + "  - {id: b, function: test/act, dependsOn: [a], input: '{n: .steps.a.output.echo.n}'}\n"
                    + "output: .steps.b.output.echo.n\n");
            coordinator.register("name: crash-parent\nversion: \"1\"\nsteps:\n"
                    + "  - {id: kids, workflow: {name: crash-child}, map: {items: '[range(20)]', maxConcurrency: 20}, input: '{n: .item}'}\n"
                    + "output: '{sum: (.steps.kids.output | add)}'\n");
            String run = coordinator.startRun("crash-parent", "{}");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> childKeys(functionConfig, "/a/1") >= 20);
            crash.killAndRestart();

            io.restassured.path.json.JsonPath finished = coordinator.awaitFinal(run);
            assertThat(finished.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(finished.getInt("output.sum")).isEqualTo(190);
            List<String> children = given().baseUri(coordinator.url()).header("Authorization", coordinator.token())
                    .get("/workflows/runs?workflow=crash-child&limit=100").then().statusCode(200).extract().jsonPath().getList("runs.id");
            System.out.printf("children crash test: 20 children in flight when the coordinator was killed; after the restart"
                    + " the parent finished with %d child runs%n", children.size());
            assertThat(children).as("each item's child started once, found again after the restart").hasSize(20);
            assertThat(childKeys(functionConfig, "/a/2")).as("a child step attempted twice").isZero();
        }
    }

    /** How many delivery keys ending in {@code suffix} the functions saw. */
    private static long childKeys(Map<String, String> functionConfig, String suffix) {
        return given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries").then().extract().jsonPath().getMap("$")
                .keySet().stream().filter(k -> String.valueOf(k).endsWith(suffix)).count();
    }

    private static long items(Map<String, String> functionConfig, String run) {
        return given().baseUri(functionConfig.get("test.functions.url")).get("/deliveries").then().extract().jsonPath().getMap("$")
                .keySet().stream().filter(k -> String.valueOf(k).startsWith(run + "/fan/")).count();
    }

    /**
     * A packaged coordinator on a Redis and test functions of its own, which the test kills and restarts once; closing
     * stops all three.
     */
    private static final class Crash implements AutoCloseable {
        final TestFunctions functions = new TestFunctions();
        final TestRedis redis;
        final Map<String, String> functionConfig;
        final PackagedCoordinator coordinator;

        Crash(String work) throws Exception {
            redis = TestRedis.start();
            functionConfig = functions.start();
            coordinator = new PackagedCoordinator(redis, functionConfig, LEASE, Path.of("target", work)).start();
            running = this;
        }

        /** SIGKILL, then a new process on the same Redis. */
        void killAndRestart() {
            coordinator.kill();
            coordinator.start();
        }

        @Override
        public void close() throws Exception {
            try {
                coordinator.stop();
                redis.close();
            } finally {
                functions.stop();
            }
        }
    }

    private static String stepStatus(TestRedis redis, String run, String step) {
        String state = redis.command("HGET", PackagedCoordinator.runKey(run), "step:" + step);
        return state == null ? "" : io.restassured.path.json.JsonPath.from(state).getString("status");
    }

    /** Starts the runs from 16 client threads so they are all in flight long before the first chain could finish. */
    private static List<String> startRuns(PackagedCoordinator coordinator) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> started = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                started.add(clients.submit(() -> given().baseUri(coordinator.url()).header("Authorization", coordinator.token())
                        .contentType(ContentType.JSON).body("{\"workflow\": \"crash-chain\", \"input\": {\"n\": 0}}")
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
}
