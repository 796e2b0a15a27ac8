package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.process.QuarkusApp;
import dev.agentfleet.localfleet.workflow.WorkflowClient;
import dev.agentfleet.testing.redis.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * What work costs and how it grows ({@code ./fleet bench-costs}): the packaged coordinator on its own Redis and the
 * no-op function, as in the workflow benchmark.
 *
 * <ul>
 * <li><b>Finished runs</b>: 10-step runs are run to their end in stages (1,000, 10,000, 100,000 retained); after each,
 * Redis' {@code used_memory} over the empty coordinator's, per run; {@code MEMORY USAGE} of a sample of runs' state
 * hash and history stream, and bytes per history entry; the coordinator's heap after a full collection.</li>
 * <li><b>In-flight runs</b>: runs that wait for a signal (the engine keeps a live run for each) in stages; the
 * coordinator's heap after a full collection and Redis' memory, per run.</li>
 * <li><b>Retention</b>: a second coordinator on a fresh Redis keeps finished runs 20 s; 1,000 runs, then what is left
 * once the retention has passed and the sweep ran.</li>
 * </ul>
 * Loopback only, bounded by the stages' sizes; every process it starts is stopped at the end.
 */
public final class CostBenchmark {

    /** The largest stage of finished and of waiting runs (stages grow tenfold from 1,000). */
    public record Plan(int finishedRuns, int waitingRuns) {

        public Plan {
            if (finishedRuns < 1_000 || finishedRuns > 1_000_000 || waitingRuns < 0 || waitingRuns > 100_000) {
                throw new IllegalArgumentException("finished runs are 1,000 to 1,000,000; waiting runs 0 to 100,000");
            }
        }
    }

    private static final int CLIENTS = 32;
    private static final int SAMPLE = 20;
    private static final Duration SHORT_RETENTION = Duration.ofSeconds(20);
    private static final Pattern USED_MEMORY = Pattern.compile("used_memory:(\\d+)");

    private final Path root;
    private final Plan plan;
    private final PrintStream out;
    private final NoopFunction function = new NoopFunction();
    private final Vertx vertx = Vertx.vertx();
    private final String authorization = "Bearer " + DevTokens.token("bench", "workflow-submit");

    private CostBenchmark(Path root, Plan plan, PrintStream out) {
        this.root = root;
        this.plan = plan;
        this.out = out;
    }

    public static void run(Path root, Plan plan, PrintStream out) throws IOException, InterruptedException {
        new CostBenchmark(root, plan, out).run();
    }

    private void run() throws IOException, InterruptedException {
        Path jar = BenchCoordinator.jar(root);
        HttpClient http = WorkflowBenchmark.httpClient(vertx, CLIENTS);
        try {
            String functionUrl = "http://127.0.0.1:" + function.start(vertx);
            try (RedisServer redis = RedisServer.builder().start()) {
                QuarkusApp coordinator = BenchCoordinator.start(jar, functionUrl, redis, Map.of());
                try {
                    out.printf("agentfleet cost benchmark: Redis %s, %d cores, coordinator -Xmx512m%n%n", redis.binary().version(),
                            Runtime.getRuntime().availableProcessors());
                    register(coordinator);
                    finished(http, coordinator, redis);
                    waiting(http, coordinator, redis);
                } finally {
                    coordinator.stop();
                }
            }
            try (RedisServer redis = RedisServer.builder().start()) {
                QuarkusApp coordinator = BenchCoordinator.start(jar, functionUrl, redis,
                        Map.of("agentfleet.coordinator.engine.retention", SHORT_RETENTION.toString()));
                try {
                    register(coordinator);
                    retention(http, coordinator, redis);
                } finally {
                    coordinator.stop();
                }
            }
        } finally {
            http.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static void register(QuarkusApp coordinator) {
        WorkflowClient client = new WorkflowClient(coordinator.url());
        client.register(WorkflowBenchmark.chainDefinition());
        client.register("name: bench-wait\nversion: \"1\"\nsteps:\n  - {id: w, wait: {signal: go}}\noutput: '{done: true}'\n");
    }

    // ---- finished runs ----------------------------------------------------------------------------------------------

    private void finished(HttpClient http, QuarkusApp coordinator, RedisServer redis) throws IOException, InterruptedException {
        long baseline = usedMemory(redis);
        long baseHeap = BenchCoordinator.heapAfterGc(coordinator);
        out.printf("Finished 10-step runs (retained 7 days): empty coordinator %s in Redis, heap %s after a full GC%n%n",
                mb(baseline), mb(baseHeap));
        out.println("| Retained runs | Redis used_memory | Per run | Run state hash (sample median) | History stream (entries) "
                + "| Per history entry | Coordinator heap after GC | Seconds to run them |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        int done = 0;
        for (int stage = 1_000; stage <= plan.finishedRuns(); stage *= 10) {
            long began = System.nanoTime();
            List<String> ids = runChains(http, coordinator.url(), stage - done);
            double seconds = (System.nanoTime() - began) / 1e9;
            done = stage;
            long used = usedMemory(redis);
            long[] hash = new long[SAMPLE];
            long[] stream = new long[SAMPLE];
            long[] entries = new long[SAMPLE];
            for (int i = 0; i < SAMPLE; i++) {
                String id = ids.get(i * ids.size() / SAMPLE);
                hash[i] = memoryUsage(redis, key(id, "run"));
                String events = key(id, "events");
                stream[i] = memoryUsage(redis, events);
                entries[i] = integer(redis.command("XLEN", events));
            }
            long heap = BenchCoordinator.heapAfterGc(coordinator);
            out.printf("| %,d | %s | %,d B | %,d B | %,d B (%d) | %,d B | %s | %.0f |%n", stage, mb(used), (used - baseline) / stage,
                    Percentiles.median(hash), Percentiles.median(stream), Percentiles.median(entries),
                    Percentiles.median(stream) / Math.max(1, Percentiles.median(entries)), mb(heap), seconds);
        }
        out.println();
    }

    /** Runs {@code count} chains to their end, {@value #CLIENTS} at a time; the ids of the runs. */
    private List<String> runChains(HttpClient http, String url, int count) throws InterruptedException {
        return drive(http, url, "bench-chain", count,
                id -> Future.fromCompletionStage(function.completion(id).orTimeout(60, TimeUnit.SECONDS)).map(done -> id));
    }

    /**
     * Closed-loop clients, {@value #CLIENTS} at a time: each starts a run of {@code workflow}, waits for {@code then}
     * of its id, and starts the next until {@code count} runs were done; the ids of the runs.
     */
    private List<String> drive(HttpClient http, String url, String workflow, int count, Function<String, Future<String>> then)
            throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(http, url, workflow, count, then);
        for (int c = 0; c < Math.min(CLIENTS, count); c++) {
            vertx.runOnContext(v -> loop.next());
        }
        if (!loop.done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException(workflow + " runs did not finish within 30 minutes");
        }
        if (loop.failures.get() > 0) {
            throw new IllegalStateException(loop.failures.get() + " " + workflow + " runs failed to start or finish within 60 s");
        }
        return new ArrayList<>(loop.ids);
    }

    /** The state {@link #drive}'s clients share; each client's next run starts from the event loop. */
    private final class ClosedLoop {

        final List<String> ids;
        final AtomicInteger left;
        final AtomicInteger failures = new AtomicInteger();
        final CountDownLatch done;
        private final HttpClient http;
        private final String url;
        private final String workflow;
        private final Function<String, Future<String>> then;

        ClosedLoop(HttpClient http, String url, String workflow, int count, Function<String, Future<String>> then) {
            this.http = http;
            this.url = url;
            this.workflow = workflow;
            this.then = then;
            this.ids = Collections.synchronizedList(new ArrayList<>(count));
            this.left = new AtomicInteger(count);
            this.done = new CountDownLatch(count);
        }

        void next() {
            if (left.getAndDecrement() <= 0) {
                return;
            }
            WorkflowBenchmark.startRun(http, url, authorization, workflow).compose(then).onComplete(ar -> {
                if (ar.succeeded()) {
                    ids.add(ar.result());
                } else {
                    failures.incrementAndGet();
                }
                done.countDown();
                vertx.runOnContext(v -> next());
            });
        }
    }

    // ---- in-flight runs ---------------------------------------------------------------------------------------------

    private void waiting(HttpClient http, QuarkusApp coordinator, RedisServer redis) throws IOException, InterruptedException {
        if (plan.waitingRuns() == 0) {
            return;
        }
        long baseline = usedMemory(redis);
        long baseHeap = BenchCoordinator.heapAfterGc(coordinator);
        out.printf("In-flight runs (each waits for a signal), on top of the finished runs above: heap %s after a full GC%n%n", mb(baseHeap));
        out.println("| Waiting runs | Coordinator heap after GC | Heap per waiting run | Redis per waiting run |");
        out.println("| --- | --- | --- | --- |");
        int started = 0;
        for (int stage = 1_000; stage <= plan.waitingRuns(); stage *= 10) {
            drive(http, coordinator.url(), "bench-wait", stage - started, Future::succeededFuture);
            started = stage;
            awaitRunning(coordinator, started);
            long heap = BenchCoordinator.heapAfterGc(coordinator);
            long used = usedMemory(redis);
            out.printf("| %,d | %s | %,d B | %,d B |%n", stage, mb(heap), (heap - baseHeap) / stage, (used - baseline) / stage);
        }
        out.println();
    }

    /** Until the counts show {@code n} running runs and the engine's transitions stop growing (every run has reached its wait). */
    private static void awaitRunning(QuarkusApp coordinator, int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        WorkflowClient client = new WorkflowClient(coordinator.url());
        double before = -1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            double now = CoordinatorMetrics.transitions(coordinator);
            if (now == before && client.counts().path("RUNNING").asLong() >= n) {
                return;
            }
            before = now;
        }
        throw new IllegalStateException("the waiting runs did not all reach their wait within 10 minutes");
    }

    // ---- retention --------------------------------------------------------------------------------------------------

    private void retention(HttpClient http, QuarkusApp coordinator, RedisServer redis) throws IOException, InterruptedException {
        long baseline = usedMemory(redis);
        runChains(http, coordinator.url(), 1_000);
        long retained = usedMemory(redis);
        long deadline = System.nanoTime() + SHORT_RETENTION.plusMinutes(3).toNanos();
        long keys;
        do {
            Thread.sleep(2_000);
            keys = integer(redis.command("EVAL", "return #redis.call('KEYS', '*:run:*')", "0"));
        } while (keys > 0 && System.nanoTime() < deadline);
        Thread.sleep(2_000); // one more poll of every partition sweeps the indexes
        long after = usedMemory(redis);
        out.printf("Retention (a coordinator keeping finished runs %d s, on a fresh Redis): 1,000 finished runs took %s over the"
                + " empty coordinator's %s; after the retention %s (%,d B), %d run keys left%n", SHORT_RETENTION.toSeconds(),
                mb(retained - baseline), mb(baseline), mb(after - baseline), after - baseline, keys);
    }

    // ---- Redis ------------------------------------------------------------------------------------------------------

    private static long usedMemory(RedisServer redis) {
        Matcher m = USED_MEMORY.matcher(redis.command("INFO", "memory"));
        if (!m.find()) {
            throw new IllegalStateException("INFO memory has no used_memory");
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * A run's key of {@code kind} ({@code run}, {@code events}) under the coordinator's default prefix: the run id names
     * its partition ({@code r<partition>-<uuid>}), whose hash tag every key of the run carries.
     */
    private static String key(String runId, String kind) {
        return "agentfleet:{wf-" + runId.substring(1, runId.indexOf('-')) + "}:" + kind + ":" + runId;
    }

    private static long memoryUsage(RedisServer redis, String key) {
        return integer(redis.command("MEMORY", "USAGE", key, "SAMPLES", "0"));
    }

    private static long integer(String reply) {
        try {
            return Long.parseLong(reply.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Redis answered '" + reply + "' where a number was expected", e);
        }
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }
}
