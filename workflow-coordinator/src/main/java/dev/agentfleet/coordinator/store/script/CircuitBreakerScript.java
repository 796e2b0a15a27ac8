package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code circuit_breaker.lua}: one function's breaker, shared by every replica. */
public final class CircuitBreakerScript {

    private static final LuaScript SCRIPT = LuaScript.load("circuit_breaker");

    /** ARGV[1]: what to do. */
    public enum Op {
        PERMIT, SUCCESS, FAILURE, READ;

        String arg() {
            return name().toLowerCase();
        }
    }

    /** The breaker before and after, whether a call may go, the consecutive failures, and until when it stays open. */
    public record State(String previous, String state, boolean permitted, int failures, long openUntil) {
    }

    /**
     * @param threshold ARGV[3] consecutive failures that open it
     * @param openMs    ARGV[4] how long it stays open
     * @param probeMs   ARGV[5] how long a half-open probe holds the breaker
     */
    public record Settings(int threshold, long openMs, long probeMs) {
    }

    private CircuitBreakerScript() {
    }

    /** KEYS[1] the breaker's hash; ARGV[1] op, ARGV[2] nowMs, then the settings. */
    public static Future<State> send(Redis redis, String breakerKey, Op op, long nowMs, Settings settings) {
        return SCRIPT.send(redis, List.of(breakerKey), List.of(op.arg(), String.valueOf(nowMs), String.valueOf(settings.threshold()),
                String.valueOf(settings.openMs()), String.valueOf(settings.probeMs())))
                .map(r -> new State(r.get(0).toString(), r.get(1).toString(), r.get(2).toInteger() == 1, r.get(3).toInteger(),
                        r.get(4).toLong()));
    }
}
