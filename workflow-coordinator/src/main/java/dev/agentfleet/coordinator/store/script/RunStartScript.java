package dev.agentfleet.coordinator.store.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code run_start.lua}: creates a run, once per idempotency key. */
public final class RunStartScript {

    private static final LuaScript SCRIPT = LuaScript.load("run_start");

    /** How a start ended. */
    public enum Outcome { CREATED, QUEUED, EXISTING, CONFLICT }

    public record Result(Outcome outcome, String runId) {
    }

    /**
     * @param run         KEYS[1] run: hash of the run and one field per step
     * @param events      KEYS[2] events: stream, the run's history
     * @param active      KEYS[3] active: zset of unfinished runs of the partition
     * @param index       KEYS[4] index: zset of retained runs of the partition (listing)
     * @param lease       KEYS[5] lease: the partition owner's "replica:fence"
     * @param inbox       KEYS[6] inbox: list of runs the owner has not seen yet
     * @param counts      KEYS[7] counts: hash of the partition's retained runs by status
     * @param idempotency KEYS[8] idem: the start's idempotency key, or null for none
     */
    public record Keys(String run, String events, String active, String index, String lease, String inbox, String counts, String idempotency) {
        List<String> list() {
            List<String> keys = new ArrayList<>(List.of(run, events, active, index, lease, inbox, counts));
            if (idempotency != null) {
                keys.add(idempotency);
            }
            return keys;
        }
    }

    /**
     * @param runId        ARGV[1]
     * @param callerLease  ARGV[2] the lease the caller holds for the partition, "" for none
     * @param nowMs        ARGV[3]
     * @param requestHash  ARGV[4] what was asked: the same key with another request is a conflict
     * @param startedEvent ARGV[5] the run-started history entry (JSON)
     * @param fields       ARGV[6..] the run hash's field, value pairs
     */
    public record Args(String runId, String callerLease, long nowMs, String requestHash, String startedEvent,
            Map<String, String> fields) {
        List<String> list() {
            List<String> args = new ArrayList<>(5 + fields.size() * 2);
            args.addAll(List.of(runId, callerLease == null ? "" : callerLease, String.valueOf(nowMs), requestHash, startedEvent));
            fields.forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
            return args;
        }
    }

    private RunStartScript() {
    }

    public static Future<Result> send(Redis redis, Keys keys, Args args) {
        return SCRIPT.send(redis, keys.list(), args.list())
                .map(r -> new Result(Outcome.valueOf(r.get(0).toString().toUpperCase()), r.get(1).toString()));
    }
}
