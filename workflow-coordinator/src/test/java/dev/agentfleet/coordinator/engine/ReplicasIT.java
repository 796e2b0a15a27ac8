package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;
import io.restassured.response.Response;

/**
 * Three coordinator processes on one Redis, with runs in flight through every phase:
 * <ol>
 * <li>they join one by one and the 16 partitions spread to 16, 8/8, then 5 or 6 each;</li>
 * <li>one leaves gracefully (SIGTERM): its partitions move at once, its runs pause for well under a lease;</li>
 * <li>one is SIGKILLed: its partitions are taken once its leases run out, and its runs finish on the others;</li>
 * <li>split brain: one is SIGSTOPped with calls in flight for longer than its lease; the others take its partitions
 * and finish its runs while it is frozen; after SIGCONT its late commits are refused by the fence (metric and log
 * line), and it rejoins with a fair share.</li>
 * </ol>
 * Every run succeeds with the right output, its history holds each transition once in order (so no two owners ever
 * both committed), and the functions saw every step under its attempt-1 key only (a re-sent call under the same key
 * is answered from their record; a second attempt would be a new key).
 */
class ReplicasIT {

    private static final int PARTITIONS = 16;
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final int STEPS = 8;
    private static final int STEP_MS = 200;
    private static final int RUNS_PER_PHASE = 24;
    /** Generous for 2 busy cores: shares settle in a few one-second rounds. */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final List<String> runs = new ArrayList<>();

    @Test
    void replicasShareTheWorkAndSurviveALeaveAKillAndAPause() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().start()) {
            Map<String, String> functionConfig = functions.start();
            Path work = Path.of("target", "replicas-it");
            PackagedCoordinator a = new PackagedCoordinator(redis, functionConfig, LEASE, work.resolve("a"));
            PackagedCoordinator b = new PackagedCoordinator(redis, functionConfig, LEASE, work.resolve("b"));
            PackagedCoordinator c = new PackagedCoordinator(redis, functionConfig, LEASE, work.resolve("c"));
            try {
                // 1. Joining one by one.
                a.start();
                double toOne = settle(redis, List.of(a), List.of(16));
                a.register(PackagedCoordinator.chain("relay", STEPS, STEP_MS));
                b.start();
                double toTwo = settle(redis, List.of(a, b), List.of(8, 8));
                c.start();
                double toThree = settle(redis, List.of(a, b, c), List.of(6, 5, 5));
                System.out.printf("replicas test: shares settled %.1f s after the 1st replica was ready, %.1f s after the 2nd,"
                        + " %.1f s after the 3rd (16, 8/8, 6/5/5)%n", toOne, toTwo, toThree);

                // 2. A graceful leave with runs in flight.
                List<String> leaveRuns = startRuns(List.of(a, b, c));
                Thread.sleep(500);
                List<Integer> cPartitions = partitionsOf(redis, c);
                c.stop();
                double moved = settle(redis, List.of(a, b), List.of(8, 8));
                awaitSucceeded(redis, leaveRuns);
                long leaveStallMs = longestGapMs(a, leaveRuns.stream().filter(id -> cPartitions.contains(partition(id))).toList());
                System.out.printf("replicas test: graceful leave: partitions of the leaver owned again %.1f s after it stopped;"
                        + " longest gap between two transitions of its runs %.2f s (steps take %.1f s; lease %d s)%n", moved,
                        leaveStallMs / 1e3, STEP_MS / 1e3, LEASE.toSeconds());
                assertThat(leaveStallMs).as("a released partition is taken without waiting for its lease to run out")
                        .isLessThan(LEASE.toMillis());

                // 3. SIGKILL with runs in flight.
                c.start();
                settle(redis, List.of(a, b, c), List.of(6, 5, 5));
                List<String> killRuns = startRuns(List.of(a, b, c));
                Thread.sleep(500);
                List<Integer> bPartitions = partitionsOf(redis, b);
                long killedAt = System.nanoTime();
                b.kill();
                awaitHeldBy(redis, bPartitions, List.of(a, c));
                double takenOver = (System.nanoTime() - killedAt) / 1e9;
                awaitSucceeded(redis, killRuns);
                System.out.printf("replicas test: SIGKILL: the killed replica's %d partitions were taken %.1f s after the kill"
                        + " (lease %d s)%n", bPartitions.size(), takenOver, LEASE.toSeconds());

                // 4. Split brain: SIGSTOP longer than the lease, with calls in flight.
                b.start();
                settle(redis, List.of(a, b, c), List.of(6, 5, 5));
                List<String> pauseRuns = startRuns(List.of(a, b, c));
                Thread.sleep(700);
                List<Integer> aPartitions = partitionsOf(redis, a);
                List<String> aRuns = pauseRuns.stream().filter(id -> aPartitions.contains(partition(id))).toList();
                assertThat(aRuns).as("the paused replica owns runs").isNotEmpty();
                a.pause();
                try {
                    awaitHeldBy(redis, aPartitions, List.of(b, c));
                    awaitSucceeded(redis, pauseRuns); // the frozen replica's runs too, finished by the others
                } finally {
                    a.resume();
                }
                settle(redis, List.of(a, b, c), List.of(6, 5, 5));
                double fenced = a.metric("agentfleet_workflow_commits_fenced_total", "");
                long fenceLines = Files.readAllLines(a.log()).stream().filter(l -> l.contains("refused by the fence")).count();
                System.out.printf("replicas test: split brain: %d runs on the frozen replica, finished by the others while it"
                        + " was stopped; after SIGCONT %.0f of its commits were refused by the fence (%d log lines)%n",
                        aRuns.size(), fenced, fenceLines);
                assertThat(fenced).as("the stale owner's late commits, refused by the fence").isPositive();
                assertThat(fenceLines).isEqualTo((long) fenced);

                // Every run, every phase.
                Map<String, String> badHistories = b.chainRunsOff(redis, runs, STEPS);
                Map<String, Integer> deliveries = functions.deliveries();
                Map<String, List<String>> wrong = PackagedCoordinator.stepsNotSeenExactlyOnce(deliveries, runs, STEPS);
                System.out.printf("replicas test: %d runs, %d deliveries repeated an earlier key, %d steps under another key,"
                        + " %d histories off%n", runs.size(), PackagedCoordinator.redeliveries(deliveries), wrong.size(),
                        badHistories.size());
                assertThat(badHistories).as("histories that lost or repeated a transition").isEmpty();
                assertThat(wrong).as("steps seen under a key other than <run>/<step>/1").isEmpty();
            } finally {
                for (PackagedCoordinator coordinator : List.of(a, b, c)) {
                    if (coordinator.alive()) {
                        coordinator.resume(); // a failed assertion must not leave a frozen process behind
                        coordinator.stop();
                    }
                }
            }
        } finally {
            functions.stop();
        }
    }

    /** Starts RUNS_PER_PHASE runs through the replicas in turn (each puts a run in a partition it owns). */
    private List<String> startRuns(List<PackagedCoordinator> through) {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < RUNS_PER_PHASE; i++) {
            started.add(through.get(i % through.size()).startRun("relay", "{\"n\": 0}"));
        }
        runs.addAll(started);
        return started;
    }

    /**
     * Waits until every partition is held by exactly the given replicas, with these shares (in any order); answers the
     * seconds it took.
     */
    private static double settle(RedisServer redis, List<PackagedCoordinator> replicas, List<Integer> shares) {
        long from = System.nanoTime();
        Supplier<Map<String, Long>> held = () -> PackagedCoordinator.leaseHolders(redis, PARTITIONS).values().stream()
                .collect(Collectors.groupingBy(r -> r, Collectors.counting()));
        Awaitility.await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .alias("shares " + shares + " over " + replicas.size() + " replicas").until(() -> {
                    Map<String, Long> now = held.get();
                    return now.keySet().equals(replicaIds(replicas))
                            && sorted(now.values().stream().map(Long::intValue).toList()).equals(sorted(shares));
                });
        return (System.nanoTime() - from) / 1e9;
    }

    private static void awaitHeldBy(RedisServer redis, List<Integer> partitions, List<PackagedCoordinator> replicas) {
        java.util.Set<String> ids = replicaIds(replicas);
        Awaitility.await().atMost(LEASE.plus(SETTLE)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Map<Integer, String> holders = PackagedCoordinator.leaseHolders(redis, PARTITIONS);
            return partitions.stream().allMatch(p -> ids.contains(holders.get(p)));
        });
    }

    private static java.util.Set<String> replicaIds(List<PackagedCoordinator> replicas) {
        return replicas.stream().map(PackagedCoordinator::replicaId).collect(Collectors.toSet());
    }

    private static List<Integer> sorted(Collection<Integer> values) {
        return values.stream().sorted().toList();
    }

    private static List<Integer> partitionsOf(RedisServer redis, PackagedCoordinator replica) {
        String id = replica.replicaId();
        return PackagedCoordinator.leaseHolders(redis, PARTITIONS).entrySet().stream().filter(e -> e.getValue().equals(id))
                .map(Map.Entry::getKey).toList();
    }

    private static int partition(String runId) {
        return Integer.parseInt(runId.substring(1, runId.indexOf('-')));
    }

    private static void awaitSucceeded(RedisServer redis, List<String> ids) {
        Awaitility.await().atMost(LEASE.plus(SETTLE)).pollInterval(Duration.ofMillis(250)).until(() -> ids.stream()
                .allMatch(id -> "SUCCEEDED".equals(redis.command("HGET", PackagedCoordinator.runKey(id), "status"))));
    }

    private static Response events(PackagedCoordinator replica, String id) {
        return given().baseUri(replica.url()).header("Authorization", replica.token()).get("/workflows/runs/" + id + "/events");
    }

    /** The longest time between two consecutive transitions of any of the runs. */
    private static long longestGapMs(PackagedCoordinator replica, List<String> ids) {
        long longest = 0;
        for (String id : ids) {
            List<String> at = events(replica, id).jsonPath().getList("events.at");
            for (int i = 1; i < at.size(); i++) {
                longest = Math.max(longest, Duration.between(Instant.parse(at.get(i - 1)), Instant.parse(at.get(i))).toMillis());
            }
        }
        return longest;
    }
}
