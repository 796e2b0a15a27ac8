package dev.agentfleet.coordinator.invoke;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.coordinator.store.script.CircuitBreakerScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/**
 * One circuit breaker per capability function, its state in Redis ({@code circuit_breaker.lua}) so every replica
 * sees the same one ({@link CircuitTransition} names its moves): {@code failure-threshold} consecutive failures open it, {@code open-for} later one probe call is
 * let through (half-open), whose success closes it and whose failure opens it again.
 *
 * <p>The hot path costs no Redis call: each replica keeps the last state it saw (the first call to a function asks
 * Redis, so a replica that just started honours a circuit others opened). A closed breaker with no failures
 * lets calls through locally and successes are not written; a failure, a probe and any call while the breaker is not
 * closed and clean go to Redis. Replicas refresh their view every poll, so one replica's success resets another's
 * failure count with that delay.
 */
@ApplicationScoped
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class);

    /** The last state this replica saw. */
    public record View(String state, int failures, long openUntil) {
        static final View CLOSED = new View("closed", 0, 0);
        /**
         * Not read yet: the first call to a function on a replica (after a start, a scale from zero) asks Redis, so a
         * circuit other replicas opened fails it fast instead of letting it through.
         */
        static final View UNKNOWN = new View("unknown", 0, 0);

        boolean clean() {
            return state.equals("closed") && failures == 0;
        }
    }

    private final Redis redis;
    private final RedisKeys keys;
    private final EngineMetrics metrics;
    private final CircuitBreakerScript.Settings settings;
    private final Map<String, View> views = new ConcurrentHashMap<>();

    CircuitBreakers(Redis redis, RedisKeys keys, EngineMetrics metrics, CoordinatorConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.metrics = metrics;
        metrics.table(CircuitTransition.values());
        long openMs = config.breaker().openFor().toMillis();
        this.settings = new CircuitBreakerScript.Settings(config.breaker().failureThreshold(), openMs, openMs);
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
        return send(function, CircuitBreakerScript.Op.PERMIT, now).map(CircuitBreakerScript.State::permitted);
    }

    public void record(String function, boolean success, long now) {
        if (success && view(function).clean()) {
            return;
        }
        send(function, success ? CircuitBreakerScript.Op.SUCCESS : CircuitBreakerScript.Op.FAILURE, now);
    }

    /** Re-reads every breaker this replica has seen (other replicas' failures, successes and probes). */
    public void refresh(long now) {
        views.keySet().forEach(f -> send(f, CircuitBreakerScript.Op.READ, now));
    }

    public View view(String function) {
        return views.computeIfAbsent(function, f -> {
            metrics.circuit(f, () -> stateCode(views.getOrDefault(f, View.UNKNOWN)));
            return View.UNKNOWN;
        });
    }

    private Future<CircuitBreakerScript.State> send(String function, CircuitBreakerScript.Op op, long now) {
        return CircuitBreakerScript.send(redis, keys.breaker(function), op, now, settings)
                .onSuccess(r -> {
                    views.put(function, new View(r.state(), r.failures(), r.openUntil()));
                    CircuitTransition.between(r.previous(), r.state()).ifPresent(t -> {
                        metrics.transition(t);
                        LOG.infof("circuit of %s: %s -> %s", function, r.previous(), r.state());
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
