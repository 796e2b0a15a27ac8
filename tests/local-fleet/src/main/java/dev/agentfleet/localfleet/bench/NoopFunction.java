package dev.agentfleet.localfleet.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The no-op function and the completion sink on one Vert.x server (TCP_NODELAY): records when each delivery key
 * arrived and when its answer left, and completes a future per run when its completion CloudEvent arrives.
 */
final class NoopFunction {

    /** When the branches of a fan-out arrived and answered. */
    record Span(long slowest, long dispatchSpread, long firstArrival, long lastAnswer) {
    }

    private final Map<String, long[]> deliveries = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Long>> completions = new ConcurrentHashMap<>();

    int start(Vertx vertx) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setHost("127.0.0.1"));
        server.requestHandler(request -> request.body().onSuccess(body -> {
            long arrived = System.nanoTime();
            if (request.path().equals("/sink")) {
                completion(request.getHeader("ce-subject")).complete(arrived);
                request.response().setStatusCode(202).end();
                return;
            }
            String key = request.getHeader("ce-id");
            long[] times = { arrived, 0 };
            if (key != null) {
                deliveries.putIfAbsent(key, times);
            }
            Runnable answer = () -> {
                times[1] = System.nanoTime();
                request.response().putHeader("content-type", "application/json").end("{\"ok\":true}");
            };
            int sleep = body.toString().contains("sleepMs") ? FanOutBenchmark.BRANCH_MS : 0;
            if (sleep > 0) {
                vertx.setTimer(sleep, t -> answer.run());
            } else {
                answer.run();
            }
        }));
        Future<HttpServer> listening = server.listen(0);
        return listening.toCompletionStage().toCompletableFuture().join().actualPort();
    }

    /** A call to the function at {@code url} as the coordinator makes it (binary CloudEvent headers, delivery key as id). */
    static RequestOptions call(String url, String deliveryKey) {
        return new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url + "/")
                .putHeader("content-type", "application/json").putHeader("ce-specversion", "1.0").putHeader("ce-id", deliveryKey)
                .putHeader("ce-source", "/bench/direct").putHeader("ce-type", "dev.agentfleet.noop")
                .putHeader("ce-idempotencykey", deliveryKey);
    }

    CompletableFuture<Long> completion(String runId) {
        return completions.computeIfAbsent(runId, k -> new CompletableFuture<>());
    }

    /** For steps {@code prefix1 .. prefixN} (attempt 1): arrival of step n+1 minus the answer to step n leaving. */
    long[] gaps(String prefix, int steps) {
        long[] gaps = new long[steps - 1];
        int n = 0;
        for (int i = 1; i < steps; i++) {
            long[] previous = deliveries.get(prefix + i + "/1");
            long[] next = deliveries.get(prefix + (i + 1) + "/1");
            if (previous != null && next != null && previous[1] != 0) {
                gaps[n++] = next[0] - previous[1];
            }
        }
        return Arrays.copyOf(gaps, n);
    }

    /** The slowest branch (arrival to answer) and the time from the first branch's arrival to the last's. */
    Span span(String prefix, int branches) {
        long slowest = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lastAnswer = Long.MIN_VALUE;
        for (int i = 1; i <= branches; i++) {
            long[] t = deliveries.get(prefix + i + "/1");
            if (t != null) {
                slowest = Math.max(slowest, t[1] - t[0]);
                first = Math.min(first, t[0]);
                last = Math.max(last, t[0]);
                lastAnswer = Math.max(lastAnswer, t[1]);
            }
        }
        return new Span(slowest, last - first, first, lastAnswer);
    }
}
