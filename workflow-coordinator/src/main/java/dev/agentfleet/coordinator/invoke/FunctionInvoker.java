package dev.agentfleet.coordinator.invoke;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.sdk.invocation.InvocationRequest;
import dev.agentfleet.sdk.sender.SenderTokenFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Calls capability functions: an HTTP POST carrying a binary-mode CloudEvent ({@code ce-type}
 * {@code dev.agentfleet.<function>}, {@code ce-id} and the {@code idempotencykey} extension both the delivery key
 * {@code <runId>/<stepId>/<attempt>}) and the step's {@code traceparent}. Vert.x' HTTP client: non-blocking, pooled
 * keep-alive connections, TCP_NODELAY (without it every call waits ~40 ms for Nagle here). Each call carries the
 * coordinator's sender token ({@code agentfleet.coordinator.sender-tokens.functions}) when one is configured.
 *
 * <p>Failures are classified into the retry policy's kinds: {@code timeout}, {@code unavailable} (connection refused
 * or reset, 502/503/504), {@code rate-limited} (429), {@code server-error} (other 5xx), {@code rejected} (4xx).
 */
@ApplicationScoped
public class FunctionInvoker {

    private static final String SOURCE = "/agentfleet/workflow-coordinator";
    /** The binary-mode header of the CloudEvent extension agent-sdk deduplicates deliveries on. */
    static final String IDEMPOTENCY_HEADER = "ce-" + InvocationRequest.IDEMPOTENCY_EXTENSION;

    private final Vertx vertx;
    private final FunctionAddresses addresses;
    private final ObjectMapper mapper;
    private final int poolSize;
    private final SenderTokenFile token;
    private volatile HttpClient client;

    FunctionInvoker(Vertx vertx, FunctionAddresses addresses, ObjectMapper mapper, CoordinatorConfig config) {
        this.vertx = vertx;
        this.addresses = addresses;
        this.mapper = mapper;
        this.poolSize = config.engine().connectionsPerFunction();
        this.token = config.senderTokens().functions().map(SenderTokenFile::new).orElse(null);
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true)
                            .setMaxPoolSize(poolSize).setConnectTimeout(2000).setPipelining(false));
                }
                c = client;
            }
        }
        return c;
    }

    /**
     * A call in flight; {@link #cancel()} resets it (attempt timed out, run cancelled). A call whose exchange already
     * ended is left alone: on HTTP/1.1 its connection is back in the pool by then, and Vert.x closes the connection of a
     * request reset after its response ended (eclipse-vertx/vert.x#6294), under whichever call it carries next. The
     * engine cancels late whenever it lets a run go (or a timer fires) between an answer's arrival and the loop's
     * reading it. Both the end of the exchange and the reset run on the context the call was sent from, so one of them
     * sees the other.
     */
    public static class Call {
        private volatile HttpClientRequest request;
        private volatile Context context;
        private volatile boolean cancelled;
        private boolean ended; // on the call's context only

        /**
         * The step gave the call up for good (its run ended, the attempt timed out): what the call set going is stopped
         * too where that means something (a sub-workflow's child run is cancelled). {@link #cancel()} only stops
         * listening, as when a replica lets a run go to another.
         */
        public void abandon() {
            cancel();
        }

        public void cancel() {
            cancelled = true;
            HttpClientRequest r = request;
            Context c = context;
            if (r == null || c == null) {
                return; // not sent yet: the request is reset as soon as it is made
            }
            if (Vertx.currentContext() == c) {
                resetUnlessEnded(r);
            } else {
                c.runOnContext(v -> resetUnlessEnded(r));
            }
        }

        private void resetUnlessEnded(HttpClientRequest r) {
            if (!ended) {
                r.reset();
            }
        }

        public boolean cancelled() {
            return cancelled;
        }
    }

    /**
     * Posts {@code input} to {@code function} ({@code <service>/<function>}); the future always succeeds, with the
     * outcome. {@code limit} bounds the whole exchange in case the engine's own timer never fires.
     */
    public Future<CallOutcome> call(String function, JsonNode input, String deliveryKey, String traceparent, Duration limit,
            Call handle) {
        if (Vertx.currentContext() == null) {
            // Started from a thread outside Vert.x, an exchange can lose its response (its body arrives before the
            // chain below listens for it; seen here about once in 1,500 calls, never on a context): go through one.
            Promise<CallOutcome> hopped = Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> call(function, input, deliveryKey, traceparent, limit, handle)
                    .onComplete(hopped));
            return hopped.future();
        }
        long started = System.nanoTime();
        handle.context = Vertx.currentContext();
        Promise<CallOutcome> outcome = Promise.promise();
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(input);
        } catch (Exception e) {
            return Future.succeededFuture(CallOutcome.failure(FailureKind.REJECTED, "input cannot be serialised", null, 0));
        }
        FunctionAddresses.Address address = addresses.of(function);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(address.host()).setPort(address.port())
                .setURI(address.path()).setSsl(address.ssl())
                .setIdleTimeout(limit.toMillis() + 5_000)
                .putHeader("content-type", "application/json")
                .putHeader("ce-specversion", "1.0")
                .putHeader("ce-id", deliveryKey)
                .putHeader("ce-source", SOURCE)
                .putHeader("ce-type", address.eventType())
                .putHeader(IDEMPOTENCY_HEADER, deliveryKey);
        if (traceparent != null && !traceparent.isEmpty()) {
            options.putHeader("traceparent", traceparent);
        }
        String authorization = token == null ? null : token.authorization();
        if (authorization != null) {
            options.putHeader("authorization", authorization);
        }
        client().request(options).compose(request -> {
            handle.request = request;
            // A failure reaches the outcome through the futures below; without a handler Vert.x would also log every
            // reset call (a cancel, a replica stopping with runs in flight) as an unhandled ERROR ("Stream reset").
            request.exceptionHandler(failure -> { });
            if (handle.cancelled) {
                request.reset();
            }
            return request.send(Buffer.buffer(body));
        }).compose(response -> response.body().map(b -> Map.entry(response, b))).onComplete(ar -> {
            handle.ended = true;
            long nanos = System.nanoTime() - started;
            if (ar.failed()) {
                outcome.complete(fromError(ar.cause(), nanos));
                return;
            }
            var response = ar.result().getKey();
            Buffer b = ar.result().getValue();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    outcome.complete(CallOutcome.success(b.length() == 0 ? null : mapper.readTree(b.getBytes()), nanos));
                } catch (Exception e) {
                    outcome.complete(CallOutcome.failure(FailureKind.SERVER_ERROR, function + " answered " + status + " with a body that is not JSON",
                            status, nanos));
                }
                return;
            }
            String detail = detail(b);
            if (status == 409 && response.getHeader("Retry-After") != null) {
                outcome.complete(CallOutcome.inFlight(retryAfterMs(response.getHeader("Retry-After")), nanos));
            } else if (status == 429) {
                outcome.complete(CallOutcome.failure(FailureKind.RATE_LIMITED, function + " answered 429" + detail, status, nanos));
            } else if (status == 502 || status == 503 || status == 504) {
                outcome.complete(CallOutcome.failure(FailureKind.UNAVAILABLE, function + " answered " + status + detail, status, nanos));
            } else if (status >= 500) {
                outcome.complete(CallOutcome.failure(FailureKind.SERVER_ERROR, function + " answered " + status + detail, status, nanos));
            } else {
                outcome.complete(CallOutcome.failure(FailureKind.REJECTED, function + " refused the input with " + status + detail,
                        status, nanos));
            }
        });
        return outcome.future();
    }

    private static CallOutcome fromError(Throwable e, long nanos) {
        if (e instanceof TimeoutException || e instanceof io.netty.handler.timeout.TimeoutException) {
            return CallOutcome.failure(FailureKind.TIMEOUT, "no answer in time", null, nanos);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof ConnectException || message.contains("Connection refused")) {
            return CallOutcome.failure(FailureKind.UNAVAILABLE, "connection refused: " + message, null, nanos);
        }
        return CallOutcome.failure(FailureKind.UNAVAILABLE, message, null, nanos);
    }

    /** The problem's detail and its field errors ({@code ": The request has invalid fields. (preferences[1]: must be ...)"}). */
    private String detail(Buffer body) {
        try {
            JsonNode problem = mapper.readTree(body.getBytes());
            JsonNode detail = problem.get("detail");
            StringBuilder text = new StringBuilder(detail == null ? "" : ": " + detail.asText());
            JsonNode errors = problem.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                text.append(" (");
                int shown = 0;
                for (JsonNode error : errors) {
                    if (shown++ == 5) {
                        text.append("; ").append(errors.size() - 5).append(" more");
                        break;
                    }
                    text.append(shown > 1 ? "; " : "").append(error.path("field").asText("?")).append(": ")
                            .append(error.path("message").asText(""));
                }
                text.append(')');
            }
            return text.toString();
        } catch (Exception e) {
            return "";
        }
    }

    private static long retryAfterMs(String header) {
        try {
            return Math.max(100, Long.parseLong(header.trim()) * 1000);
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
