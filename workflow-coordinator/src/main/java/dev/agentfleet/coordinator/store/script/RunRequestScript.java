package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/**
 * {@code run_request.lua} and {@code run_signal.lua}: record what someone asks of a run (cancel, pause, resume, a
 * signal) in its hash, for whichever replica owns it, and prompt the owner through the partition's control list.
 */
public final class RunRequestScript {

    private static final LuaScript REQUEST = LuaScript.load("run_request");
    private static final LuaScript SIGNAL = LuaScript.load("run_signal");
    private static final LuaScript REDRIVE = LuaScript.load("run_redrive");

    /** What is asked by {@code run_request}. */
    public enum Action { CANCEL, PAUSE, RESUME }

    /**
     * What the request found: recorded, asked already, no such run, too late (finished or compensating), not fitting the
     * run's status (a resume of a run not paused; for a signal: another id under its name), or (a signal) its step no
     * longer waits; (a redrive) the run had as many as it may, or a step's compensation failed.
     */
    public enum Outcome { ACCEPTED, REPEATED, MISSING, TOO_LATE, CONFLICT, SETTLED, LIMIT, BLOCKED }

    /** {@code detail}: the run's status (ACCEPTED, TOO_LATE, CONFLICT), the redrives had (LIMIT), the step (BLOCKED), the id kept (a signal's CONFLICT) or the step's (SETTLED). */
    public record Result(Outcome outcome, String detail) {
    }

    /**
     * @param run      KEYS[1] run: hash
     * @param controls KEYS[2] the partition's control list its owner polls
     * @param events   KEYS[3] events: stream
     */
    public record Keys(String run, String controls, String events) {
    }

    /**
     * The history entries the request writes, by the status the run is in ("" where the table has no such move): RUNNING
     * and PAUSED, or for a redrive FAILED and CANCELLED.
     */
    public record Entries(String whenRunning, String whenPaused) {
    }

    private RunRequestScript() {
    }

    public static Future<Result> request(Redis redis, Keys keys, String runId, long nowMs, Action action, String by, Entries entries) {
        return REQUEST.send(redis, List.of(keys.run(), keys.controls(), keys.events()), List.of(runId, String.valueOf(nowMs),
                action.name().toLowerCase(java.util.Locale.ROOT), by == null ? "" : by, entries.whenRunning(), entries.whenPaused()))
                .map(RunRequestScript::result);
    }

    /** {@code signalField}/{@code stepField}: the run hash's fields of the signal and of the step that waits for it. */
    public static Future<Result> signal(Redis redis, Keys keys, String runId, String signalField, String signalJson, String signalId,
            String stepField, Entries entries) {
        return SIGNAL.send(redis, List.of(keys.run(), keys.controls(), keys.events()), List.of(runId, signalField, signalJson, signalId,
                stepField, entries.whenRunning(), entries.whenPaused())).map(RunRequestScript::result);
    }

    /** The keys of {@code run_redrive} besides {@link Keys}; {@code idempotency} null when the run was started without a key. */
    public record RedriveKeys(Keys run, String active, String expiring, String inbox, String items, String retired, String idempotency) {
    }

    public static Future<Result> redrive(Redis redis, RedriveKeys keys, String runId, long nowMs, int max, String by, Entries entries) {
        List<String> k = new java.util.ArrayList<>(List.of(keys.run().run(), keys.run().events(), keys.active(), keys.expiring(),
                keys.inbox(), keys.run().controls(), keys.items(), keys.retired()));
        if (keys.idempotency() != null) {
            k.add(keys.idempotency());
        }
        return REDRIVE.send(redis, k, List.of(runId, String.valueOf(nowMs), String.valueOf(max), by == null ? "" : by,
                entries.whenRunning(), entries.whenPaused())).map(RunRequestScript::result);
    }

    private static Result result(io.vertx.redis.client.Response r) {
        String detail = r.size() > 1 ? r.get(1).toString() : null;
        return switch (r.get(0).toString()) {
            case "accepted" -> new Result(Outcome.ACCEPTED, detail);
            case "repeated" -> new Result(Outcome.REPEATED, null);
            case "missing" -> new Result(Outcome.MISSING, null);
            case "conflict" -> new Result(Outcome.CONFLICT, detail);
            case "settled" -> new Result(Outcome.SETTLED, detail);
            case "limit" -> new Result(Outcome.LIMIT, detail);
            case "blocked" -> new Result(Outcome.BLOCKED, detail);
            default -> new Result(Outcome.TOO_LATE, detail);
        };
    }
}
