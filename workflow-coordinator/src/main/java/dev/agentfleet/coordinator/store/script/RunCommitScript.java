package dev.agentfleet.coordinator.store.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/**
 * {@code run_commit.lua}: one atomic step of a run's state machine, written only if the caller still holds the
 * partition's lease (fencing token) and the run is at the revision the caller computed from.
 */
public final class RunCommitScript {

    private static final LuaScript SCRIPT = LuaScript.load("run_commit");

    /** Written, or refused: the caller no longer owns the partition ({@code FENCED}), or is behind ({@code STALE}). */
    public enum Outcome { OK, FENCED, STALE }

    /** What the commit does with the run's membership besides writing its fields. */
    public enum Finish {
        /** ARGV "0": it goes on. */
        NONE("0"),
        /** ARGV "1": finished, its completion event not delivered yet: it stays active. */
        FINISHED("1"),
        /** ARGV "2": done with: it leaves the active set, and its keys expire after the retention. */
        RETIRE("2");

        private final String arg;

        Finish(String arg) {
            this.arg = arg;
        }
    }

    /**
     * @param run         KEYS[1] run: hash
     * @param events      KEYS[2] events: stream
     * @param lease       KEYS[3] lease: "replica:fence"
     * @param active      KEYS[4] active: zset
     * @param expiring    KEYS[5] expiring: zset of retired runs by expiry (the index is swept from it)
     * @param items       KEYS[6] items: hash of the run's map items (fields {@code i:...}, {@code m:...} go there)
     * @param counts      KEYS[7] counts: hash of the partition's retained runs by status
     * @param retired     KEYS[8] retired: hash of retired runs' final status, until swept
     * @param idempotency KEYS[9] idem: the start's idempotency key (expires with the run), or null
     */
    public record Keys(String run, String events, String lease, String active, String expiring, String items, String counts, String retired,
            String idempotency) {
        List<String> list() {
            List<String> keys = new ArrayList<>(List.of(run, events, lease, active, expiring, items, counts, retired));
            if (idempotency != null) {
                keys.add(idempotency);
            }
            return keys;
        }
    }

    /**
     * @param lease       ARGV[1] the lease value the caller holds
     * @param revision    ARGV[2] the revision the caller computed from
     * @param runId       ARGV[3]
     * @param finish      ARGV[4]
     * @param retentionMs ARGV[5] for {@link Finish#RETIRE}
     * @param nowMs       ARGV[6]
     * @param events      ARGV[7] their number n, ARGV[8..7+n] the history entries (JSON)
     * @param fields      ARGV[8+n..] field, value pairs (the run's and its items')
     */
    public record Args(String lease, long revision, String runId, Finish finish, long retentionMs, long nowMs, List<String> events,
            Map<String, String> fields) {
        List<String> list() {
            List<String> args = new ArrayList<>(7 + events.size() + fields.size() * 2);
            args.addAll(List.of(lease, String.valueOf(revision), runId, finish.arg, String.valueOf(retentionMs), String.valueOf(nowMs),
                    String.valueOf(events.size())));
            args.addAll(events);
            fields.forEach((field, value) -> {
                args.add(field);
                args.add(value);
            });
            return args;
        }
    }

    private RunCommitScript() {
    }

    public static Future<Outcome> send(Redis redis, Keys keys, Args args) {
        return SCRIPT.send(redis, keys.list(), args.list()).map(r -> Outcome.valueOf(r.toString().toUpperCase()));
    }
}
