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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;
import io.restassured.path.json.JsonPath;

/**
 * The completion sink (the Broker) is down while runs finish, and the coordinator is SIGKILLed during the outage:
 * once the sink is back every finished run's event arrives (at least once, each run's events under one stable id, so
 * a consumer can drop repeats), a run leaves the active set only after its event was taken, and the outage is logged
 * in a few lines, not one per run and attempt.
 */
class CompletionOutageIT {

    private static final int RUNS = 30;

    @Test
    void everyFinishedRunIsAnnouncedOnceTheSinkIsBackAcrossACrash() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().appendOnly(true).start()) {
            Map<String, String> functionConfig = functions.start();
            String sinkUrl = functionConfig.get("test.functions.url");
            functions.sinkDown(true);
            PackagedCoordinator coordinator = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(2),
                    Path.of("target", "completion-outage-it"), Map.of("agentfleet.coordinator.sink", sinkUrl + "/sink")).start();
            try {
                coordinator.register(PackagedCoordinator.chain("announced", 2, 50));
                List<String> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    runs.add(coordinator.startRun("announced", "{\"n\": 0}"));
                }
                long outageFrom = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> runs.stream()
                        .allMatch(id -> "SUCCEEDED".equals(redis.command("HGET", PackagedCoordinator.runKey(id), "status"))));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> functions.sinkRefusals() >= RUNS);
                assertThat(active(redis, runs)).as("finished runs whose event was not taken stay active").hasSize(RUNS);
                assertThat(coordinator.metric("agentfleet_workflow_completion_events_total", "outcome=\"failed\""))
                        .isGreaterThanOrEqualTo(RUNS);

                coordinator.kill(); // what it was retrying lives only in Redis now
                coordinator.start();
                Thread.sleep(3000); // the new incarnation resumes the runs and meets the sink still down
                functions.sinkDown(false);
                long backAt = System.nanoTime();
                Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> active(redis, runs).isEmpty());
                double drained = (System.nanoTime() - backAt) / 1e9;

                List<Map<String, Object>> events = JsonPath.from(given().baseUri(sinkUrl).get("/sink/events").asString()).getList("$");
                Map<String, Set<String>> idsByRun = new TreeMap<>();
                Map<String, Integer> deliveriesByRun = new HashMap<>();
                for (Map<String, Object> event : events) {
                    String run = (String) event.get("subject");
                    idsByRun.computeIfAbsent(run, k -> new java.util.TreeSet<>()).add((String) event.get("id"));
                    deliveriesByRun.merge(run, 1, Integer::sum);
                    assertThat(event.get("type")).isEqualTo("dev.agentfleet.workflow.completed");
                }
                long lines = 0;
                for (int i = 1; i <= coordinator.incarnations(); i++) {
                    lines += Files.readAllLines(Path.of("target", "completion-outage-it", "coordinator-" + i + ".log")).stream()
                            .filter(l -> l.contains("not delivered")).count();
                }
                int repeats = deliveriesByRun.values().stream().mapToInt(n -> n - 1).sum();
                System.out.printf("completion outage test: %d runs finished while the sink was down (%.1f s, %d refusals,"
                        + " one coordinator SIGKILL); all announced %.1f s after the sink came back; %d repeated deliveries;"
                        + " %d log lines about it%n", RUNS, (backAt - outageFrom) / 1e9, functions.sinkRefusals(), drained,
                        repeats, lines);
                assertThat(idsByRun.keySet()).as("every finished run announced").containsExactlyInAnyOrderElementsOf(runs);
                assertThat(idsByRun).allSatisfy((run, ids) -> assertThat(ids).as("ids of " + run).containsExactly(run + "/succeeded"));
                assertThat(lines).as("an outage is a few log lines, not one per run").isLessThan(RUNS / 3);
            } finally {
                coordinator.stop();
            }
        } finally {
            functions.stop();
        }
    }

    /** The runs still in their partition's active set. */
    private static List<String> active(RedisServer redis, List<String> runs) {
        return runs.stream().filter(id -> PackagedCoordinator.active(redis, id)).collect(Collectors.toList());
    }
}
