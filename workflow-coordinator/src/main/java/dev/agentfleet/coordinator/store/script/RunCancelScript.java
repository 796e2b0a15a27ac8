package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code run_cancel.lua}: records a cancellation request for whichever replica owns the run. */
public final class RunCancelScript {

    private static final LuaScript SCRIPT = LuaScript.load("run_cancel");

    /** What the request found: recorded, already requested, no such run, or too late (finished or compensating). */
    public enum Outcome { ACCEPTED, REPEATED, MISSING, TOO_LATE }

    /** {@code status} is the run's, for {@link Outcome#TOO_LATE}. */
    public record Result(Outcome outcome, String status) {
    }

    /**
     * @param run     KEYS[1] run: hash
     * @param cancels KEYS[2] cancels: list the partition's owner polls
     * @param events  KEYS[3] events: stream
     */
    public record Keys(String run, String cancels, String events) {
    }

    private RunCancelScript() {
    }

    /** ARGV[1] runId, ARGV[2] nowMs, ARGV[3] the cancel-requested history entry (JSON). */
    public static Future<Result> send(Redis redis, Keys keys, String runId, long nowMs, String event) {
        return SCRIPT.send(redis, List.of(keys.run(), keys.cancels(), keys.events()), List.of(runId, String.valueOf(nowMs), event))
                .map(r -> switch (r.get(0).toString()) {
                    case "accepted" -> new Result(Outcome.ACCEPTED, null);
                    case "repeated" -> new Result(Outcome.REPEATED, null);
                    case "missing" -> new Result(Outcome.MISSING, null);
                    default -> new Result(Outcome.TOO_LATE, r.get(1).toString());
                });
    }
}
