package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * The regional failover drill, with real processes: region {@code east} (a Redis primary and a coordinator) and
 * region {@code west} (a Redis replica of east's and two coordinators standing by), runs started in east under load.
 * <ol>
 * <li>Standing by: west is ready and says why, reads runs from its replica, refuses writes with a 503 naming east,
 * and does not fill its log.</li>
 * <li>Failover: east's Redis and coordinator are SIGKILLed; the operator promotes west's replica; west's coordinators
 * claim the region (epoch 2, bumped once), take every partition over without waiting for east's leases and finish
 * every run that reached the replica, each transition once. Measured: RTO (east killed to west's first committed
 * transition) and what asynchronous replication lost (runs acknowledged by east that never reached west).</li>
 * <li>East comes back: a coordinator of east on west's Redis, and one on east's Redis restarted as a replica of
 * west's (as the runbook says), both stand by and commit nothing.</li>
 * <li>Failback: a planned switchover back to east with runs in flight (writes paused until east's Redis caught up):
 * nothing lost, east claims epoch 3 and finishes the runs, west stands by again.</li>
 * </ol>
 */
class RegionFailoverIT {

    private static final int STEPS = 10;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final Path WORK = Path.of("target", "region-failover-it");

    @Test
    void theBackupRegionStandsByTakesOverWhenPromotedAndTheOldRegionCanNeverCommitAgain() throws Exception {
        deleteRecursively(WORK); // a replica writes the primary's data to its folder: start from nothing
        TestFunctions functions = new TestFunctions();
        try (RedisServer eastRedis = RedisServer.builder().dataDir(WORK.resolve("east-redis")).start();
                RedisServer westRedis = RedisServer.builder().dataDir(WORK.resolve("west-redis")).start()) {
            Map<String, String> functionConfig = functions.start();
            replicate(westRedis, eastRedis);
            PackagedCoordinator east = coordinator(eastRedis, functionConfig, "east", "east");
            PackagedCoordinator west1 = coordinator(westRedis, functionConfig, "west", "west-1");
            PackagedCoordinator west2 = coordinator(westRedis, functionConfig, "west", "west-2");
            List<PackagedCoordinator> all = new ArrayList<>(List.of(east, west1, west2));
            try {
                east.start();
                east.register(PackagedCoordinator.chain("drill", STEPS, 100));
                west1.start();
                west2.start();

                // 1. Standing by.
                for (PackagedCoordinator west : List.of(west1, west2)) {
                    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(region(west))
                            .containsEntry("role", "standby").containsEntry("active-region", "east")
                            .containsEntry("reason", "this region's Redis is a read-only replica"));
                }
                String first = east.startRun("drill", "{\"n\": 0}");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(west1.url())
                        .header("Authorization", west1.token()).get("/workflows/runs/" + first).statusCode() == 200);
                Response refused = given().baseUri(west1.url()).header("Authorization", west1.token()).contentType("application/json")
                        .body("{\"workflow\": \"drill\", \"input\": {\"n\": 0}}").post("/workflows/runs");
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.jsonPath().getString("detail")).contains("the active region is east");
                // Every other write: cancel, register, quarantine release, a dead letter.
                Map<String, String> writes = Map.of("/workflows/runs/" + first + "/cancel", "",
                        "/workflows/definitions", PackagedCoordinator.chain("other", 1, 1),
                        "/workflows/quarantine/" + first + "/release", "", "/dead-letters", "{}");
                writes.forEach((path, body) -> {
                    Response write = given().baseUri(west1.url()).header("Authorization", west1.token())
                            .contentType(path.equals("/workflows/definitions") ? "application/yaml" : "application/json")
                            .body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(path);
                    assertThat(write.statusCode()).as(path).isEqualTo(503);
                    assertThat(write.jsonPath().getString("detail")).as(path).contains("the active region is east");
                });

                // 2. Under load, east dies.
                List<String> acknowledged = Collections.synchronizedList(new ArrayList<>(List.of(first)));
                AtomicBoolean loading = new AtomicBoolean(true);
                Thread load = new Thread(() -> {
                    for (int i = 0; loading.get(); i++) {
                        try {
                            acknowledged.add(east.startRun("drill", "{\"n\": 0}"));
                            Thread.sleep(20);
                        } catch (Exception | AssertionError stopped) {
                            return; // east is gone
                        }
                    }
                }, "drill-load");
                load.start();
                Thread.sleep(3000);
                long replicaAt = offset(westRedis); // the replica first: the lag is then at most what is measured
                long lagBytes = offset(eastRedis) - replicaAt;
                long killedAt = System.nanoTime();
                eastRedis.kill();
                east.kill();
                loading.set(false);
                load.join(10_000);
                long standbyWarnings = warnings(west1) + warnings(west2);
                westRedis.command("REPLICAOF", "NO", "ONE"); // the operator's promotion (runbook step 3)
                double promotedAfter = seconds(killedAt);

                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> west1.metric("agentfleet_workflow_transitions_total", "")
                                + west2.metric("agentfleet_workflow_transitions_total", "") > 0);
                double rto = seconds(killedAt);
                assertThat(westRedis.command("HGET", "agentfleet:{wf-region}", "active")).isEqualTo("west");
                assertThat(westRedis.command("HGET", "agentfleet:{wf-region}", "epoch")).as("one bump for one failover").isEqualTo("2");

                List<String> reached = new ArrayList<>();
                List<String> lost = new ArrayList<>();
                for (String id : new ArrayList<>(acknowledged)) {
                    (westRedis.command("EXISTS", PackagedCoordinator.runKey(id)).equals("1") ? reached : lost).add(id);
                }
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> reached.stream()
                        .allMatch(id -> "SUCCEEDED".equals(westRedis.command("HGET", PackagedCoordinator.runKey(id), "status"))));
                double drained = seconds(killedAt);
                Map<String, String> badHistories = west1.chainRunsOff(westRedis, reached, STEPS);
                Map<String, Integer> deliveries = functions.deliveries();
                Map<String, List<String>> wrong = PackagedCoordinator.stepsNotSeenExactlyOnce(deliveries, reached, STEPS);
                System.out.printf("failover drill: %d runs acknowledged by east under load; replication lag at the kill %d bytes;"
                        + " west promoted %.2f s after east was killed; RTO (east killed -> west's first committed transition)"
                        + " %.2f s; every run finished %.1f s after the kill; runs lost with east (RPO) %d; %d calls re-sent"
                        + " under the same key; %d steps under another key; %d histories off; %d WARN/ERROR lines in west's"
                        + " logs while standing by%n", acknowledged.size(), lagBytes, promotedAfter, rto, drained, lost.size(),
                        PackagedCoordinator.redeliveries(deliveries), wrong.size(), badHistories.size(), standbyWarnings);
                assertThat(badHistories).as("histories that lost or repeated a transition").isEmpty();
                assertThat(wrong).as("steps seen under a key other than <run>/<step>/1").isEmpty();
                assertThat(standbyWarnings).as("standing by is quiet").isLessThanOrEqualTo(2);
                assertThat(west1.awaitFinal(west1.startRun("drill", "{\"n\": 0}")).getString("status")).isEqualTo("SUCCEEDED");

                // 3. East comes back: on west's Redis (now the primary), and on its own Redis made a replica of west's.
                PackagedCoordinator eastOnWest = coordinator(westRedis, functionConfig, "east", "east-on-west");
                all.add(eastOnWest);
                eastOnWest.start();
                eastRedis.start();
                replicate(eastRedis, westRedis);
                PackagedCoordinator eastOnEast = coordinator(eastRedis, functionConfig, "east", "east-on-east");
                all.add(eastOnEast);
                eastOnEast.start();
                for (PackagedCoordinator old : List.of(eastOnWest, eastOnEast)) {
                    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(region(old))
                            .containsEntry("role", "standby").containsEntry("active-region", "west"));
                    Response write = given().baseUri(old.url()).header("Authorization", old.token()).contentType("application/json")
                            .body("{\"workflow\": \"drill\", \"input\": {\"n\": 0}}").post("/workflows/runs");
                    assertThat(write.statusCode()).isEqualTo(503);
                    assertThat(write.jsonPath().getString("detail")).contains("the active region is west");
                }
                String after = west2.startRun("drill", "{\"n\": 0}");
                assertThat(west2.awaitFinal(after).getString("status")).isEqualTo("SUCCEEDED");
                Thread.sleep(2000); // rounds enough for a wrong claim or acquisition to happen
                for (PackagedCoordinator old : List.of(eastOnWest, eastOnEast)) {
                    assertThat(old.metric("agentfleet_workflow_transitions_total", "")).as("commits by the old region").isZero();
                    assertThat(old.metric("agentfleet_coordinator_partitions_owned", "")).isZero();
                }
                assertThat(PackagedCoordinator.leaseHolders(westRedis, 16).values()).allMatch(holder -> holder.startsWith("west-"));
                assertThat(west1.metric("agentfleet_coordinator_region_claims_total", "")
                        + west2.metric("agentfleet_coordinator_region_claims_total", "")).as("one claim for one failover").isEqualTo(1);

                // 4. Failback: a planned switchover to east with runs in flight. Writes pause until east's Redis has
                // caught up (what Memorystore's switchover does), so no transition is lost.
                List<String> failback = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    failback.add(west1.startRun("drill", "{\"n\": 0}"));
                }
                Thread.sleep(500);
                long switchAt = System.nanoTime();
                westRedis.command("CLIENT", "PAUSE", "30000", "WRITE");
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> offset(eastRedis) == offset(westRedis));
                long behind = offset(westRedis) - offset(eastRedis);
                eastRedis.command("REPLICAOF", "NO", "ONE");
                westRedis.command("REPLICAOF", eastRedis.host(), String.valueOf(eastRedis.port()));
                westRedis.command("CLIENT", "UNPAUSE");
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> eastOnEast.metric("agentfleet_workflow_transitions_total", "") > 0);
                double switched = seconds(switchAt);
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> failback.stream()
                        .allMatch(id -> "SUCCEEDED".equals(eastRedis.command("HGET", PackagedCoordinator.runKey(id), "status"))));
                assertThat(eastRedis.command("HGET", "agentfleet:{wf-region}", "active")).isEqualTo("east");
                assertThat(eastRedis.command("HGET", "agentfleet:{wf-region}", "epoch")).isEqualTo("3");
                assertThat(eastOnEast.chainRunsOff(eastRedis, failback, STEPS)).as("failback runs off").isEmpty();
                assertThat(PackagedCoordinator.stepsNotSeenExactlyOnce(functions.deliveries(), failback, STEPS)).isEmpty();
                for (PackagedCoordinator west : List.of(west1, west2)) {
                    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(region(west))
                            .containsEntry("role", "standby").containsEntry("active-region", "east"));
                }
                System.out.printf("failover drill: failback by planned switchover: %d runs in flight, east's Redis %d bytes"
                        + " behind when promoted, east's first transition %.2f s after writes paused, every run finished once%n",
                        failback.size(), behind, switched);
                assertThat(behind).as("a planned switchover loses nothing").isZero();
            } finally {
                for (PackagedCoordinator coordinator : all) {
                    coordinator.stop();
                }
            }
        } finally {
            functions.stop();
        }
    }

    private static PackagedCoordinator coordinator(RedisServer redis, Map<String, String> functionConfig, String region, String name) {
        return new PackagedCoordinator(redis, functionConfig, LEASE, WORK.resolve(name), Map.of(
                "agentfleet.coordinator.region.name", region)).environment(Map.of("HOSTNAME", name));
    }

    /** Makes {@code replica} a replica of {@code primary} and waits until the link is up. */
    private static void replicate(RedisServer replica, RedisServer primary) {
        replica.command("REPLICAOF", primary.host(), String.valueOf(primary.port()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> replica.command("INFO", "replication").contains("master_link_status:up"));
    }

    /** The replication offset a server has produced (a primary) or applied (a replica). */
    private static long offset(RedisServer redis) {
        return Long.parseLong(redis.command("INFO", "replication").replaceAll("(?s).*master_repl_offset:(\\d+).*", "$1"));
    }

    private static Map<String, Object> region(PackagedCoordinator coordinator) {
        JsonPath health = JsonPath.from(given().baseUri(coordinator.managementUrl()).get("/q/health/ready").asString());
        return health.get("checks.find { it.name == 'Region' }.data");
    }

    private static long warnings(PackagedCoordinator coordinator) throws java.io.IOException {
        return Files.readAllLines(coordinator.log()).stream().filter(l -> l.contains("WARN") || l.contains("ERROR")).count();
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
