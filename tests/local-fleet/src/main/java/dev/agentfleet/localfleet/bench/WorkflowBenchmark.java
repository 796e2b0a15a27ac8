package dev.agentfleet.localfleet.bench;

import static dev.agentfleet.localfleet.bench.CoordinatorMetrics.overheadMetric;
import static dev.agentfleet.localfleet.bench.CoordinatorMetrics.transitions;
import static dev.agentfleet.localfleet.bench.Percentiles.ms;
import static dev.agentfleet.localfleet.bench.Percentiles.p;
import static dev.agentfleet.localfleet.bench.Percentiles.ratio;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.process.CpuTime;
import dev.agentfleet.localfleet.process.QuarkusApp;
import dev.agentfleet.testing.redis.RedisCluster;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.testing.redis.TestRedis;
import dev.agentfleet.localfleet.workflow.WorkflowClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The coordinator's benchmark ({@code ./fleet bench-workflows}): the packaged coordinator on a real, append-only Redis
 * calls a no-op function on loopback.
 *
 * <ul>
 * <li><b>Direct baseline</b>: clients call the no-op function ten times in a row themselves (HTTP/1.1 keep-alive,
 * TCP_NODELAY, the same binary CloudEvent headers the coordinator sends).</li>
 * <li><b>Chain</b>: clients start runs of a 10-step no-op chain and wait for each run's completion CloudEvent (K_SINK),
 * for a warm-up, then a measured window. Overhead per step is what the coordinator adds between two steps: from the
 * function's answer to step <i>n</i> leaving to the call of step <i>n+1</i> arriving, both seen by the function (one
 * clock), minus the same gap of the direct chain. Transitions per second come from the coordinator's
 * {@code agentfleet_workflow_transitions_total}.</li>
 * <li><b>Fan-out</b> ({@link FanOutBenchmark}): runs of 100 parallel 50 ms branches, one at a time: start to
 * completion event, against the slowest branch as the function saw it; and the same 100 calls fired by the benchmark
 * itself, as that part's baseline.</li>
 * </ul>
 * With {@code --redis cluster} the same runs again on a TLS Redis Cluster (3 primaries + 3 replicas), then the cluster's
 * figures as ratios to the single server's. Everything is on loopback and bounded in time; the processes it starts are
 * stopped at the end.
 */
public final class WorkflowBenchmark {

    /**
     * What to run: concurrent clients, warm-up and measured window of the chain, fan-out runs; with {@code cluster}, all
     * of it again on a TLS Redis Cluster, compared with the single server as ratios.
     */
    public record Plan(int clients, Duration warmUp, Duration measured, int fanOutRuns, boolean cluster) {

        public Plan {
            if (clients < 1 || clients > 256) {
                throw new IllegalArgumentException("clients must be 1 to 256");
            }
            if (measured.compareTo(Duration.ofMinutes(5)) > 0 || warmUp.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("warm-up and measured window are at most 5 minutes each");
            }
        }
    }

    private static final int CHAIN = 10;
    private static final long DIRECT_WINDOW_MS = 10_000;
    private static final long SELF = ProcessHandle.current().pid();

    private final Path root;
    private final Plan plan;
    private final PrintStream out;
    private final NoopFunction function = new NoopFunction();
    private final Vertx vertx = Vertx.vertx();

    private WorkflowBenchmark(Path root, Plan plan, PrintStream out) {
        this.root = root;
        this.plan = plan;
        this.out = out;
    }

    public static void run(Path root, Plan plan, PrintStream out) throws IOException, InterruptedException {
        new WorkflowBenchmark(root, plan, out).run();
    }

    private void run() throws IOException, InterruptedException {
        Path jar = BenchCoordinator.jar(root);
        try {
            String functionUrl = "http://127.0.0.1:" + function.start(vertx);
            Result standalone;
            try (RedisServer redis = RedisServer.builder().appendOnly(true).start()) {
                standalone = measure(jar, functionUrl, redis, "Redis " + redis.binary().version() + " (one server, append-only)");
            }
            if (plan.cluster()) {
                try (RedisCluster cluster = RedisCluster.builder().start()) {
                    Result clustered = measure(jar, functionUrl, cluster, "a Redis Cluster of 3 primaries + 3 replicas (TLS, "
                            + "password from a file, append-only)");
                    compare(standalone, clustered);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** One topology's figures. */
    private record Result(Gaps direct, Chain chain, FanOutBenchmark.Result fanOut) {
    }

    private Result measure(Path jar, String functionUrl, TestRedis redis, String description) throws IOException, InterruptedException {
        QuarkusApp coordinator = BenchCoordinator.start(jar, functionUrl, redis, Map.of());
        try {
            out.printf("agentfleet workflow benchmark: %d clients, %d cores, %s, coordinator %s%n%n",
                    plan.clients(), Runtime.getRuntime().availableProcessors(), description, coordinator.url());
            WorkflowClient client = new WorkflowClient(coordinator.url());
            client.register(chainDefinition());
            client.register(FanOutBenchmark.definition());

            Result result = new Result(direct(functionUrl), chain(coordinator, redis instanceof RedisServer one ? one.pid() : -1), null);
            FanOutBenchmark fanOut = new FanOutBenchmark(vertx, function, plan.fanOutRuns(), out);
            result = new Result(result.direct(), result.chain(), fanOut.measure(client, coordinator.url(), functionUrl));
            report(result.direct(), result.chain(), fanOut, result.fanOut(), coordinator);
            return result;
        } finally {
            coordinator.stop();
        }
    }

    /** The cluster's figures as ratios to the single server's, measured in the same run. */
    private void compare(Result standalone, Result cluster) {
        out.printf("%nRedis Cluster / one server, same run: transitions per second %.2fx; step gap p50 %.2fx, p99 %.2fx;"
                + " chain run p50 %.2fx; fan-out wall p50 %.2fx; coordinator CPU per transition %.2fx (above 1 is slower or costlier,"
                + " except transitions)%n",
                cluster.chain().transitionsPerSecond() / Math.max(1, standalone.chain().transitionsPerSecond()),
                ratio(cluster.chain().gapNanos(), standalone.chain().gapNanos(), 50),
                ratio(cluster.chain().gapNanos(), standalone.chain().gapNanos(), 99),
                ratio(cluster.chain().runNanos(), standalone.chain().runNanos(), 50),
                ratio(cluster.fanOut().coordinated().wallNanos(), standalone.fanOut().coordinated().wallNanos(), 50),
                cluster.chain().cpuMicrosPerTransition() / Math.max(1e-9, standalone.chain().cpuMicrosPerTransition()));
    }

    // ---- direct baseline --------------------------------------------------------------------------------------------

    /**
     * Gaps between consecutive calls and call latencies when clients chain the calls themselves; {@code cpuMicrosPerCall}:
     * this process' CPU (the clients and the no-op function both run here) over the calls of the window.
     */
    private record Gaps(long[] gapNanos, long[] callNanos, long calls, double cpuMicrosPerCall) {
    }

    private Gaps direct(String functionUrl) throws InterruptedException {
        io.vertx.core.http.HttpClient http = httpClient(vertx, plan.clients());
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> chains = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong sequence = new AtomicLong();
        for (int c = 0; c < plan.clients(); c++) {
            vertx.runOnContext(v -> directChain(http, functionUrl, "direct-" + sequence.incrementAndGet(), 1, sequence, latencies,
                    chains, measuring, stop));
        }
        // A bare HTTP call needs little warm-up; the coordinator's chain gets the plan's full warm-up below.
        Thread.sleep(Math.min(plan.warmUp().toMillis(), DIRECT_WINDOW_MS / 2));
        long cpuBefore = CpuTime.nanos(SELF);
        measuring.set(true);
        Thread.sleep(DIRECT_WINDOW_MS);
        long cpuAfter = CpuTime.nanos(SELF);
        int measuredCalls = latencies.size();
        stop.set(true);
        Thread.sleep(200);
        http.close();
        long[] gaps = chains.stream().flatMapToLong(id -> Arrays.stream(function.gaps(id + "/s", CHAIN))).toArray();
        return new Gaps(gaps, latencies.stream().mapToLong(Long::longValue).toArray(), latencies.size(),
                perUnit(cpuBefore, cpuAfter, measuredCalls));
    }

    private void directChain(io.vertx.core.http.HttpClient http, String url, String chainId, int step, AtomicLong sequence,
            List<Long> latencies, List<String> chains, AtomicBoolean measuring, AtomicBoolean stop) {
        if (stop.get()) {
            return;
        }
        boolean measured = measuring.get();
        String key = chainId + "/s" + step + "/1";
        long began = System.nanoTime();
        http.request(NoopFunction.call(url, key)).compose(r -> r.send(Buffer.buffer("{\"step\":\"s" + step + "\"}"))).compose(r -> r.body())
                .onComplete(ar -> {
                    if (measured) {
                        latencies.add(System.nanoTime() - began);
                    }
                    if (step < CHAIN) {
                        directChain(http, url, chainId, step + 1, sequence, latencies, chains, measuring, stop);
                    } else {
                        if (measured) {
                            chains.add(chainId);
                        }
                        directChain(http, url, "direct-" + sequence.incrementAndGet(), 1, sequence, latencies, chains, measuring, stop);
                    }
                });
    }

    // ---- the 10-step chain through the coordinator ------------------------------------------------------------------

    /**
     * {@code cpuMicrosPerTransition}: the coordinator's CPU (user and system) in the window over its transitions;
     * {@code redisCpuMicrosPerTransition} Redis' (one server; NaN on a cluster), {@code benchCpuMicrosPerTransition}
     * this process' (the clients and the no-op function).
     */
    private record Chain(long[] gapNanos, long[] runNanos, long runs, double transitionsPerSecond, double seconds,
            double cpuMicrosPerTransition, double redisCpuMicrosPerTransition, double benchCpuMicrosPerTransition) {

        /** What one transition costs the machine: the coordinator's, Redis' and this process' CPU together. */
        double totalCpuMicrosPerTransition() {
            return cpuMicrosPerTransition + redisCpuMicrosPerTransition + benchCpuMicrosPerTransition;
        }
    }

    private Chain chain(QuarkusApp coordinator, long redisPid) throws InterruptedException, IOException {
        // Closed-loop clients on Vert.x (as light as the no-op function): start a run, wait for its completion event, again.
        io.vertx.core.http.HttpClient http = httpClient(vertx, plan.clients());
        String authorization = "Bearer " + DevTokens.token("bench", "workflow-submit");
        List<String> measuredRuns = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> runNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong failures = new AtomicLong();
        for (int c = 0; c < plan.clients(); c++) {
            vertx.runOnContext(v -> chainClient(http, coordinator.url(), authorization, measuredRuns, runNanos, measuring, stop, failures));
        }
        Thread.sleep(plan.warmUp().toMillis());
        double before = transitions(coordinator);
        long cpuBefore = CpuTime.nanos(coordinator.pid());
        long redisBefore = CpuTime.nanos(redisPid);
        long selfBefore = CpuTime.nanos(SELF);
        long windowStart = System.nanoTime();
        measuring.set(true);
        Thread.sleep(plan.measured().toMillis());
        measuring.set(false);
        double after = transitions(coordinator);
        long cpuAfter = CpuTime.nanos(coordinator.pid());
        long redisAfter = CpuTime.nanos(redisPid);
        long selfAfter = CpuTime.nanos(SELF);
        double seconds = (System.nanoTime() - windowStart) / 1e9;
        stop.set(true);
        Thread.sleep(1000);
        http.close();
        if (failures.get() > 0) {
            out.printf("  (%d runs failed to start or finish in time)%n", failures.get());
        }
        long[] gaps = measuredRuns.stream().flatMapToLong(id -> Arrays.stream(function.gaps(id + "/s", CHAIN))).toArray();
        double transitions = after - before;
        return new Chain(gaps, runNanos.stream().mapToLong(Long::longValue).toArray(), measuredRuns.size(), transitions / seconds,
                seconds, perUnit(cpuBefore, cpuAfter, transitions), perUnit(redisBefore, redisAfter, transitions),
                perUnit(selfBefore, selfAfter, transitions));
    }

    /** Microseconds of a process' CPU between two readings over {@code units}; NaN when either reading failed. */
    private static double perUnit(long cpuBeforeNanos, long cpuAfterNanos, double units) {
        return cpuBeforeNanos < 0 || cpuAfterNanos < 0 ? Double.NaN : (cpuAfterNanos - cpuBeforeNanos) / 1e3 / Math.max(1, units);
    }

    private void chainClient(io.vertx.core.http.HttpClient http, String url, String authorization, List<String> measuredRuns,
            List<Long> runNanos, AtomicBoolean measuring, AtomicBoolean stop, AtomicLong failures) {
        if (stop.get()) {
            return;
        }
        boolean measured = measuring.get();
        long began = System.nanoTime();
        startRun(http, url, authorization, "bench-chain")
                .compose(id -> Future.fromCompletionStage(function.completion(id).orTimeout(30, TimeUnit.SECONDS)).map(done -> id))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        failures.incrementAndGet();
                    } else if (measured && measuring.get()) {
                        runNanos.add(System.nanoTime() - began);
                        measuredRuns.add(ar.result());
                    }
                    vertx.runOnContext(v -> chainClient(http, url, authorization, measuredRuns, runNanos, measuring, stop, failures));
                });
    }

    /** Starts a run of {@code workflow} with an empty input; its id, or a failure unless the answer is 202. */
    static Future<String> startRun(io.vertx.core.http.HttpClient http, String url, String authorization, String workflow) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url + "/workflows/runs")
                .putHeader("content-type", "application/json").putHeader("authorization", authorization);
        return http.request(request).compose(r -> r.send(Buffer.buffer("{\"workflow\":\"" + workflow + "\",\"input\":{}}")))
                .compose(r -> r.statusCode() == 202 ? r.body() : Future.failedFuture("start answered " + r.statusCode()))
                .map(body -> body.toJsonObject().getString("id"));
    }

    /** A keep-alive, TCP_NODELAY client like the coordinator's own, with {@code connections} pooled connections. */
    static io.vertx.core.http.HttpClient httpClient(Vertx vertx, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    // ---- the report -------------------------------------------------------------------------------------------------

    private void report(Gaps direct, Chain chain, FanOutBenchmark fanOutBenchmark, FanOutBenchmark.Result fanOuts,
            QuarkusApp coordinator) throws IOException, InterruptedException {
        out.printf("Direct calls (baseline): %,d calls in %.0f s; call p50 %s, p99 %s; gap between calls p50 %s, p99 %s%n",
                direct.calls(), DIRECT_WINDOW_MS / 1e3, ms(p(direct.callNanos(), 50)), ms(p(direct.callNanos(), 99)),
                ms(p(direct.gapNanos(), 50)), ms(p(direct.gapNanos(), 99)));
        out.printf("10-step chain through the coordinator: %,d runs in %.1f s (%.0f runs/s); run p50 %s, p99 %s%n", chain.runs(),
                chain.seconds(), chain.runs() / chain.seconds(), ms(p(chain.runNanos(), 50)), ms(p(chain.runNanos(), 99)));
        out.printf("  gap between steps p50 %s, p99 %s (%,d gaps)%n", ms(p(chain.gapNanos(), 50)), ms(p(chain.gapNanos(), 99)),
                chain.gapNanos().length);
        out.printf("  coordinator's own step-overhead metric: %s%n", overheadMetric(coordinator));
        out.printf("  coordinator's CPU per transition: %.0f us (user and system, over the measured window)%n", chain.cpuMicrosPerTransition());
        // On a machine whose cores are all busy, transitions/s over direct calls/s is about the CPU of a direct call
        // over the CPU of a transition, whoever spends it.
        out.printf("  CPU budget: a direct call %.0f us (clients and function); a transition %.0f us (coordinator %.0f, Redis %.0f,"
                + " clients and function %.0f): their ratio %.2fx%n", direct.cpuMicrosPerCall(), chain.totalCpuMicrosPerTransition(),
                chain.cpuMicrosPerTransition(), chain.redisCpuMicrosPerTransition(), chain.benchCpuMicrosPerTransition(),
                direct.cpuMicrosPerCall() / chain.totalCpuMicrosPerTransition());
        fanOutBenchmark.report(fanOuts);
        FanOutBenchmark.Runs fanOut = fanOuts.coordinated();
        out.printf("Coordinator RSS after the benchmark: %d MB%n%n", coordinator.rssKb() / 1024);

        out.println("| Measure | Result | Target |");
        out.println("|---|---|---|");
        out.printf("| Overhead per step, p50 (chain gap - direct gap) | %s | <= 0.5 ms |%n",
                ms(p(chain.gapNanos(), 50) - p(direct.gapNanos(), 50)));
        out.printf("| Overhead per step, p99 | %s | <= 3 ms |%n", ms(p(chain.gapNanos(), 99) - p(direct.gapNanos(), 99)));
        out.printf("| Transitions per second (%d clients) | %,.0f | >= 8,000 |%n", plan.clients(), chain.transitionsPerSecond());
        out.printf("| Fan-out of %d x %d ms, wall p50 (slowest branch %s) | %s | <= 60 ms |%n", FanOutBenchmark.BRANCHES,
                FanOutBenchmark.BRANCH_MS, ms(p(fanOut.slowestBranchNanos(), 50)), ms(p(fanOut.wallNanos(), 50)));
        out.printf("%nAs ratios to the direct calls of the same run: step gap through the coordinator / direct gap p50 %.1fx,"
                + " p99 %.1fx; fan-out wall / slowest branch %.2fx (the benchmark's own fan-out: %.2fx)%n",
                p(chain.gapNanos(), 50) / (double) Math.max(1, p(direct.gapNanos(), 50)),
                p(chain.gapNanos(), 99) / (double) Math.max(1, p(direct.gapNanos(), 99)),
                fanOut.ratio(), fanOuts.direct().ratio());
    }

    static String chainDefinition() {
        StringBuilder yaml = new StringBuilder("name: bench-chain\nversion: \"1\"\nsteps:\n");
        for (int i = 1; i <= CHAIN; i++) {
            yaml.append("  - {id: s").append(i).append(", function: bench/noop")
                    .append(i == 1 ? "" : ", dependsOn: [s" + (i - 1) + "]").append(", input: '{step: \"s").append(i).append("\"}'}\n");
        }
        return yaml.append("output: '{done: true}'\n").toString();
    }
}
