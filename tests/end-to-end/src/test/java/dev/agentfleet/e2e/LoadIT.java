package dev.agentfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.localfleet.fleet.Component;
import dev.agentfleet.localfleet.fleet.FleetState;
import dev.agentfleet.localfleet.process.ResidentMemory;
import dev.agentfleet.localfleet.workflow.WorkflowClient;

/**
 * Load: 100 concurrent clients start {@code security-triage} runs against the running fleet and wait for each to
 * finish, for a bounded time ({@code -Dload.seconds}, 20 s in CI, 60 s for the full check). No request may fail, every
 * run must succeed, and every process' resident memory must stay under a bound (each JVM runs with -Xmx256m).
 */
class LoadIT {

    private static final int CLIENTS = 100;
    private static final int SECONDS = Integer.getInteger("load.seconds", 20);
    private static final long RSS_BOUND_KB = 700 * 1024;
    private static final String BATCH = """
            {"events": [
              {"timestamp": "2026-11-01T10:00:00Z", "kind": "request", "ip": "203.0.113.1", "method": "GET", "path": "/p?id=1' OR '1'='1", "status": 200},
              {"timestamp": "2026-11-01T10:05:00Z", "kind": "request", "ip": "203.0.113.2", "method": "GET", "path": "/p?q=<script>x</script>", "status": 200},
              {"timestamp": "2026-11-01T10:10:00Z", "kind": "request", "ip": "203.0.113.3", "method": "GET", "path": "/f?n=../../etc/passwd", "status": 404},
              {"timestamp": "2026-11-01T10:11:00Z", "kind": "auth", "user": "u-1", "ip": "198.51.100.7", "success": true}
            ]}""";

    @Test
    void aHundredClientsRunWorkflowsWithoutErrorsAndWithBoundedMemory() throws Exception {
        String coordinator = RunningFleet.component("workflow-coordinator").url();
        JsonNode input = WorkflowClient.json(BATCH);
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong finished = new AtomicLong();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long ends = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            // Each client is its own user, as a hundred people would be: starts are rate-limited per subject.
            WorkflowClient client = new WorkflowClient(coordinator,
                    dev.agentfleet.localfleet.auth.DevTokens.token("load-" + c, "workflow-submit"));
            clients.submit(() -> {
                while (System.nanoTime() < ends) {
                    long began = System.nanoTime();
                    try {
                        String id = client.start("security-triage", input);
                        JsonNode run = client.awaitFinished(id, Duration.ofSeconds(60));
                        if (!"SUCCEEDED".equals(run.path("status").asText())) {
                            errors.add(id + " " + run.path("status").asText() + " " + run.path("error"));
                        }
                        finished.incrementAndGet();
                        latencies.add(System.nanoTime() - began);
                    } catch (RuntimeException e) {
                        errors.add(e.getMessage());
                    }
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(SECONDS + 120L, TimeUnit.SECONDS)).as("clients finished").isTrue();

        Map<String, Long> rssMb = new TreeMap<>();
        for (FleetState.Entry e : RunningFleet.get()) {
            if (e.kind() != Component.Kind.STUB) {
                rssMb.put(e.name(), ResidentMemory.kb(e.pid()) / 1024);
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("load: %d clients for %d s: %d runs finished (%.0f/s), run p50 %.0f ms, p99 %.0f ms, %d errors; RSS MB %s%n",
                CLIENTS, SECONDS, finished.get(), finished.get() / (double) SECONDS, sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
                sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)] / 1e6, errors.size(), rssMb);
        assertThat(errors).as("failed requests or runs").isEmpty();
        assertThat(finished.get()).isPositive();
        assertThat(rssMb.values()).as("resident memory of each process (MB)").allMatch(mb -> mb * 1024 < RSS_BOUND_KB);
    }
}
