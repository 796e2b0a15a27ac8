package dev.agentfleet.coordinator.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.agentfleet.testing.tls.TestCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

/**
 * Capability functions for engine tests: a real HTTP server (service {@code test}) whose behaviour each call's input
 * directs, and which records every delivery key it sees ({@code GET /deliveries}). Functions:
 * <ul>
 *   <li>{@code test/act}: answers {@code {"echo": input, "key": key}}; directives {@code failFirst} (fail the first n
 *       attempts of a step, with {@code failStatus}, default 503), {@code status} (always answer it), {@code sleepMs},
 *       and for fault tests {@code failRate} (that share of deliveries answers 503) and {@code hangRate} with
 *       {@code hangMs} (that share answers only after hangMs), each decided by a hash of the delivery key so a run
 *       is reproducible;</li>
 *   <li>{@code test/undo}: a compensation; the same directives.</li>
 * </ul>
 * An effect is applied once per delivery key: a repeated key is answered from the first answer, like agent-sdk does.
 * Each delivery's {@code traceparent} is kept ({@code GET /traceparents}), and every request as it arrived, headers,
 * body and the caller's port, which tells its connection ({@code GET /requests}, by delivery key).
 *
 * <p>It is also the coordinator's completion sink ({@code agentfleet.coordinator.sink} = {@code /sink}): every event is
 * kept with its headers ({@code GET /sink/events}), {@code POST /sink/down?down=true} takes it down; an event whose data's output holds {@code "sinkFailures": n} is
 * answered 503 for its first n deliveries, so tests see redelivery.
 */
public class TestFunctions implements QuarkusTestResourceLifecycleManager {

    public static final String FLEET = "weather/forecast,planning/plan-itinerary,planning/find-accommodation,"
            + "customer-service/classify-inquiry,customer-service/resolve-issue,customer-service/escalate-issue,customer-service/template-answer,"
            + "data-analysis/analyze-series,data-analysis/assess-quality,security-monitor/detect-threats,security-monitor/assess-incident";

    private final TestCertificates tls;
    private Vertx vertx;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attemptsPerStep = new ConcurrentHashMap<>();
    private final Map<String, String> traceparents = new ConcurrentHashMap<>();
    private final Map<String, io.vertx.core.json.JsonArray> requests = new ConcurrentHashMap<>();
    private final java.util.List<JsonObject> sinkEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> sinkDeliveries = new ConcurrentHashMap<>();
    private volatile boolean sinkDown;
    private final AtomicInteger sinkRefusals = new AtomicInteger();

    public TestFunctions() {
        this(null);
    }

    /** Served over TLS with the given server certificate (for {@code localhost}), at {@code https://localhost:<port>}. */
    public TestFunctions(TestCertificates tls) {
        this.tls = tls;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            HttpServerOptions options = new HttpServerOptions().setTcpNoDelay(true);
            if (tls != null) {
                options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.serverCertificate().toString())
                        .setKeyPath(tls.serverKey().toString()));
            }
            HttpServer server = vertx.createHttpServer(options).requestHandler(this::handle)
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String url = (tls == null ? "http://127.0.0.1:" : "https://localhost:") + server.actualPort();
            return Map.of("agentfleet.coordinator.function-urls.test", url,
                    "agentfleet.coordinator.functions", FLEET + ",test/act,test/undo,test/flaky,test/slow,test/brittle,test/model",
                    "agentfleet.coordinator.sink", url + "/sink",
                    "test.functions.url", url);
        } catch (Exception e) {
            throw new IllegalStateException("test functions did not start", e);
        }
    }

    /** How often each delivery key was seen (what {@code GET /deliveries} answers), for tests in this JVM. */
    public Map<String, Integer> deliveries() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        deliveries.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    private void handle(HttpServerRequest request) {
        if (request.path().equals("/deliveries")) {
            JsonObject all = new JsonObject();
            deliveries.forEach((k, v) -> all.put(k, v.get()));
            request.response().putHeader("content-type", "application/json").end(all.encode());
            return;
        }
        if (request.path().equals("/traceparents")) {
            JsonObject all = new JsonObject();
            traceparents.forEach(all::put);
            request.response().putHeader("content-type", "application/json").end(all.encode());
            return;
        }
        if (request.path().equals("/requests")) {
            JsonObject all = new JsonObject();
            requests.forEach(all::put);
            request.response().putHeader("content-type", "application/json").end(all.encode());
            return;
        }
        if (request.path().equals("/sink/events")) {
            request.response().putHeader("content-type", "application/json").end(new io.vertx.core.json.JsonArray(
                    new java.util.ArrayList<>(sinkEvents)).encode());
            return;
        }
        if (request.path().equals("/sink/down")) { // ?down=true|false, for tests that run in the application's process
            sinkDown(Boolean.parseBoolean(request.getParam("down")));
            request.response().setStatusCode(204).end();
            return;
        }
        if (request.path().equals("/sink")) {
            request.body().onSuccess(body -> sink(request, body));
            return;
        }
        request.body().onSuccess(body -> {
            String key = request.getHeader("ce-idempotencykey");
            if (request.getHeader("traceparent") != null) {
                traceparents.putIfAbsent(key, request.getHeader("traceparent"));
            }
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
            requests.computeIfAbsent(key, k -> new io.vertx.core.json.JsonArray())
                    .add(new JsonObject().put("headers", headers).put("body", body.toString())
                            .put("clientPort", request.remoteAddress().port()));
            int seen = deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            JsonObject input = body.length() == 0 ? new JsonObject() : new JsonObject(body);
            String step = key.substring(0, key.lastIndexOf('/'));
            int attempt = seen == 1 ? attemptsPerStep.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet()
                    : attemptsPerStep.get(step).get();
            int status = input.getInteger("status", 200);
            if (attempt <= input.getInteger("failFirst", 0)) {
                status = input.getInteger("failStatus", 503);
            }
            if (chance(key, 17) < input.getDouble("failRate", 0.0)) {
                status = 503;
            }
            int answer = status;
            Runnable respond = () -> {
                if (answer >= 300) {
                    request.response().setStatusCode(answer).putHeader("content-type", "application/problem+json")
                            .end(new JsonObject().put("status", answer).put("detail", "told to fail").encode());
                } else {
                    request.response().putHeader("content-type", "application/json")
                            .end(Buffer.buffer(new JsonObject().put("echo", input).put("key", key).encode()));
                }
            };
            long sleep = input.getLong("sleepMs", 0L);
            if (chance(key, 31) < input.getDouble("hangRate", 0.0)) {
                sleep = input.getLong("hangMs", 60_000L);
            }
            if (sleep > 0) {
                vertx.setTimer(sleep, id -> {
                    if (!request.response().closed()) {
                        respond.run();
                    }
                });
            } else {
                respond.run();
            }
        });
    }

    /** The events the sink took, each with its id, type and subject, in arrival order. */
    public java.util.List<JsonObject> sinkEvents() {
        return java.util.List.copyOf(sinkEvents);
    }

    /** While down the sink answers every event 503 (a Broker without its ingress) and keeps none. */
    public void sinkDown(boolean down) {
        sinkDown = down;
    }

    /** Events refused while the sink was down. */
    public int sinkRefusals() {
        return sinkRefusals.get();
    }

    private void sink(HttpServerRequest request, Buffer body) {
        if (sinkDown) {
            sinkRefusals.incrementAndGet();
            request.response().setStatusCode(503).end();
            return;
        }
        JsonObject data = body.length() == 0 ? new JsonObject() : new JsonObject(body);
        String id = request.getHeader("ce-id");
        int delivery = sinkDeliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        sinkEvents.add(new JsonObject().put("id", id).put("type", request.getHeader("ce-type"))
                .put("source", request.getHeader("ce-source")).put("subject", request.getHeader("ce-subject"))
                .put("traceparent", request.getHeader("traceparent")).put("authorization", request.getHeader("authorization"))
                .put("contentType", request.getHeader("content-type")).put("knativeerrordest", request.getHeader("ce-knativeerrordest"))
                .put("delivery", delivery).put("data", data));
        Object output = data.getValue("output");
        int failures = output == null ? 0 : failuresAsked(output.toString());
        request.response().setStatusCode(delivery <= failures ? 503 : 202).end();
    }

    private static int failuresAsked(String output) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"sinkFailures\":(\\d+)").matcher(output);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** A number in [0, 1) fixed by the delivery key (and a salt, so failing and hanging are independent). */
    private static double chance(String key, int salt) {
        return Math.floorMod((key + "#" + salt).hashCode() * 0x9E3779B1, 10_000) / 10_000.0;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
