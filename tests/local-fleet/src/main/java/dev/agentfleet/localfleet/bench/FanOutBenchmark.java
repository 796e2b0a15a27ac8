package dev.agentfleet.localfleet.bench;

import static dev.agentfleet.localfleet.bench.Percentiles.ms;
import static dev.agentfleet.localfleet.bench.Percentiles.p;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.workflow.WorkflowClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;

/**
 * The fan-out part of {@code ./fleet bench-workflows}: runs of {@value #BRANCHES} parallel {@value #BRANCH_MS} ms
 * branches through the coordinator, one at a time, from the start request to the completion event; and, as the
 * baseline of the same run, the same {@value #BRANCHES} calls fired by the benchmark itself at once (keep-alive
 * connections, the coordinator's headers), from the first send to the last answer. Both against the slowest branch as
 * the no-op function saw it, so the difference of the two ratios is what the coordinator adds, and the direct ratio is
 * what this machine's cores cost a fan-out of this size without it.
 */
final class FanOutBenchmark {

    static final int BRANCHES = 100;
    static final int BRANCH_MS = 50;
    private static final int WARM_UP = 3;

    /**
     * Per measured run: wall time, the slowest branch, first to last branch's arrival, the start request to the first
     * branch's arrival and the last branch's answer to the end (the completion event, or the last answer received).
     */
    record Runs(long[] wallNanos, long[] slowestBranchNanos, long[] dispatchSpreadNanos, long[] toFirstBranchNanos,
            long[] lastAnswerToEndNanos) {

        Runs(int n) {
            this(new long[n], new long[n], new long[n], new long[n], new long[n]);
        }

        void record(int i, long began, long ended, NoopFunction.Span branches) {
            wallNanos[i] = ended - began;
            slowestBranchNanos[i] = branches.slowest();
            dispatchSpreadNanos[i] = branches.dispatchSpread();
            toFirstBranchNanos[i] = branches.firstArrival() - began;
            lastAnswerToEndNanos[i] = ended - branches.lastAnswer();
        }

        /** Wall p50 over the slowest branch's p50. */
        double ratio() {
            return p(wallNanos, 50) / (double) Math.max(1, p(slowestBranchNanos, 50));
        }
    }

    /** Through the coordinator and done directly, in the same run. */
    record Result(Runs coordinated, Runs direct) {
    }

    private final Vertx vertx;
    private final NoopFunction function;
    private final int runs;
    private final PrintStream out;

    FanOutBenchmark(Vertx vertx, NoopFunction function, int runs, PrintStream out) {
        this.vertx = vertx;
        this.function = function;
        this.runs = runs;
        this.out = out;
    }

    static String definition() {
        StringBuilder yaml = new StringBuilder("name: bench-fan-out\nversion: \"1\"\nsteps:\n");
        for (int i = 1; i <= BRANCHES; i++) {
            yaml.append("  - {id: b").append(i).append(", function: bench/noop, input: '{sleepMs: ").append(BRANCH_MS).append("}'}\n");
        }
        return yaml.append("output: '{done: true}'\n").toString();
    }

    Result measure(WorkflowClient client, String coordinatorUrl, String functionUrl) {
        return new Result(coordinated(client, coordinatorUrl), direct(functionUrl));
    }

    private Runs coordinated(WorkflowClient client, String coordinatorUrl) {
        Runs measured = new Runs(runs);
        HttpClient http = WorkflowBenchmark.httpClient(vertx, 1);
        String authorization = "Bearer " + DevTokens.token("bench", "workflow-submit");
        long[] accepted = new long[runs];
        long[] createdToFirstStart = new long[runs];
        for (int i = -WARM_UP; i < runs; i++) {
            long began = System.nanoTime();
            String id = WorkflowBenchmark.startRun(http, coordinatorUrl, authorization, "bench-fan-out").toCompletionStage()
                    .toCompletableFuture().join();
            long acceptedAt = System.nanoTime();
            long completed = function.completion(id).orTimeout(30, TimeUnit.SECONDS).join();
            if (i < 0) {
                continue;
            }
            measured.record(i, began, completed, function.span(id + "/b", BRANCHES));
            accepted[i] = acceptedAt - began;
            // Server-side (epoch ms, so coarse): from the run's creation to its first step starting.
            JsonNode run = client.run(id);
            long firstStart = Long.MAX_VALUE;
            for (JsonNode step : run.path("steps")) {
                firstStart = Math.min(firstStart, Instant.parse(step.path("startedAt").asText()).toEpochMilli());
            }
            createdToFirstStart[i] = (firstStart - Instant.parse(run.path("createdAt").asText()).toEpochMilli()) * 1_000_000;
        }
        http.close();
        out.printf("  fan-out start answered (202) p50 %s; created to first step started (server clock, ms) p50 %s%n",
                ms(p(accepted, 50)), ms(p(createdToFirstStart, 50)));
        return measured;
    }

    /**
     * The benchmark fires the branches itself, each on its own pooled connection, and waits for every answer. Sent from
     * a Vert.x context, as the coordinator sends (an exchange started outside one can lose its response).
     */
    private Runs direct(String functionUrl) {
        Runs measured = new Runs(runs);
        HttpClient http = WorkflowBenchmark.httpClient(vertx, BRANCHES);
        for (int i = -WARM_UP; i < runs; i++) {
            String id = "direct-fan-out-" + (i + WARM_UP);
            long[] began = new long[1];
            Promise<Void> answered = Promise.promise();
            vertx.runOnContext(v -> {
                began[0] = System.nanoTime();
                List<Future<Buffer>> answers = new ArrayList<>(BRANCHES);
                for (int b = 1; b <= BRANCHES; b++) {
                    answers.add(http.request(NoopFunction.call(functionUrl, id + "/b" + b + "/1"))
                            .compose(r -> r.send(Buffer.buffer("{\"sleepMs\":" + BRANCH_MS + "}"))).compose(r -> r.body()));
                }
                Future.all(answers).<Void>mapEmpty().onComplete(answered);
            });
            answered.future().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            long ended = System.nanoTime();
            if (i >= 0) {
                measured.record(i, began[0], ended, function.span(id + "/b", BRANCHES));
            }
        }
        http.close();
        return measured;
    }

    /** The fan-out's lines of the report. */
    void report(Result result) {
        Runs c = result.coordinated();
        Runs d = result.direct();
        out.printf("Fan-out of %d x %d ms branches, %d runs one at a time: wall p50 %s, max %s; slowest branch p50 %s;"
                + " all branches dispatched within p50 %s%n", BRANCHES, BRANCH_MS, runs, ms(p(c.wallNanos(), 50)),
                ms(p(c.wallNanos(), 100)), ms(p(c.slowestBranchNanos(), 50)), ms(p(c.dispatchSpreadNanos(), 50)));
        out.printf("  start request to the first branch's call p50 %s; last branch's answer to the completion event p50 %s%n",
                ms(p(c.toFirstBranchNanos(), 50)), ms(p(c.lastAnswerToEndNanos(), 50)));
        out.printf("The same fan-out fired by the benchmark itself (baseline): wall p50 %s, max %s; slowest branch p50 %s;"
                + " all branches arrived within p50 %s; first send to first arrival p50 %s; last answer sent to received p50 %s%n",
                ms(p(d.wallNanos(), 50)), ms(p(d.wallNanos(), 100)), ms(p(d.slowestBranchNanos(), 50)),
                ms(p(d.dispatchSpreadNanos(), 50)), ms(p(d.toFirstBranchNanos(), 50)), ms(p(d.lastAnswerToEndNanos(), 50)));
    }
}
