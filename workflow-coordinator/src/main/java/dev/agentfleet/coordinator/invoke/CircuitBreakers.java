package dev.agentfleet.coordinator.invoke;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.Transition;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * One circuit breaker per capability function, its state in Redis ({@code circuit_breaker.lua}) so every replica
 * sees the same one: {@code failure-threshold} consecutive failures open it, {@code open-for} later one probe call is
 * let through (half-open), whose success closes it and whose failure opens it again.
 *
 * <p>The hot path costs no Redis call: each replica keeps the last state it saw. A closed breaker with no failures
 * lets calls through locally and successes are not written; a failure, a probe and any call while the breaker is not
 * closed and clean go to Redis. Replicas refresh their view every poll, so one replica's success resets another's
 * failure count with that delay.
 */
@ApplicationScoped
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);
    private static final LuaScript SCRIPT = LuaScript.load("circuit_breaker");

    /** The last state this replica saw. */
    public record View(String state, int failures, long openUntil) {
        static final View CLOSED = new View("closed", 0, 0);

        boolean clean() {
            return state.equals("closed") && failures == 0;
        }
    }

    private final Redis redis;
    private final RunStore store;
    private final EngineMetrics metrics;
    private final int threshold;
    private final long openMs;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    CircuitBreakers(Redis redis, RunStore store, EngineMetrics metrics, CoordinatorConfig config) {
        this.redis = redis;
        this.store = store;
        this.metrics = metrics;
        this.threshold = config.breaker().failureThreshold();
        this.openMs = config.breaker().openFor().toMillis();
    }

    /** Whether a call to {@code function} may go now; a refused call fails fast as {@code unavailable}. */
    public Future<Boolean> permit(String function, long now) {
        View view = view(function);
        if (view.state().equals("closed")) {
            return Future.succeededFuture(true);
        }
        if (view.state().equals("open") && now < view.openUntil()) {
            return Future.succeededFuture(false);
        }
        return send(function, "permit", now).map(r -> r.get(2).toInteger() == 1);
    }

    public void record(String function, boolean success, long now) {
        if (success && view(function).clean()) {
            return;
        }
        send(function, success ? "success" : "failure", now);
    }

    /** Re-reads every breaker this replica has seen (other replicas' failures, successes and probes). */
    public void refresh(long now) {
        views.keySet().forEach(f -> send(f, "read", now));
    }

    public View view(String function) {
        return views.computeIfAbsent(function, f -> {
            metrics.circuit(f, () -> stateCode(views.getOrDefault(f, View.CLOSED)));
            return View.CLOSED;
        });
    }

    private Future<Response> send(String function, String op, long now) {
        return SCRIPT.send(redis, List.of(store.keys().breaker(function)),
                List.of(op, String.valueOf(now), String.valueOf(threshold), String.valueOf(openMs), String.valueOf(openMs)))
                .onSuccess(r -> {
                    String previous = r.get(0).toString();
                    String state = r.get(1).toString();
                    views.put(function, new View(state, r.get(3).toInteger(), r.get(4).toLong()));
                    Transition.circuit(previous, state).ifPresent(t -> {
                        metrics.transition(t);
                        LOG.infof("circuit of %s: %s -> %s", function, previous, state);
                    });
                })
                .onFailure(e -> LOG.debugf("circuit %s of %s not recorded: %s", op, function, e.getMessage()));
    }

    private static double stateCode(View view) {
        return switch (view.state()) {
            case "open" -> 2;
            case "half-open" -> 1;
            default -> 0;
        };
    }
}
