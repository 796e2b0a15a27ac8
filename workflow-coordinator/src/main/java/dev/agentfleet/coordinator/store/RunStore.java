package dev.agentfleet.coordinator.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Every write of run state, each one Lua script (atomic, one slot), without blocking: the engine calls these from
 * its event loop. Reads for the HTTP API are in {@link RunQueries}.
 */
@ApplicationScoped
public class RunStore {

    private static final LuaScript START = LuaScript.load("run_start");
    private static final LuaScript COMMIT = LuaScript.load("run_commit");
    private static final LuaScript CANCEL = LuaScript.load("run_cancel");
    private static final LuaScript LOAD = LuaScript.load("runs_load");
    private static final LuaScript ACQUIRE = LuaScript.load("partition_acquire");
    private static final LuaScript POLL = LuaScript.load("partition_poll");
    private static final LuaScript RELEASE = LuaScript.load("partition_release");

    /** How a start ended. */
    public enum StartOutcome { CREATED, QUEUED, EXISTING, CONFLICT }

    public record Started(StartOutcome outcome, String runId) {
    }

    /** How a commit ended: written, or refused because the caller no longer owns the partition, or is behind. */
    public enum CommitOutcome { OK, FENCED, STALE }

    /** What a cancellation request found. */
    public enum CancelOutcome { ACCEPTED, REPEATED, MISSING, TOO_LATE }

    public record Cancelled(CancelOutcome outcome, String status) {
    }

    /** A partition taken: the lease value (fencing token included) and the runs it holds. */
    public record Acquired(String lease, List<String> activeRuns) {
    }

    /** A poll: null when the lease was lost. */
    public record Polled(List<String> newRuns, List<String> cancelled) {
    }

    /** What a commit writes besides the changed fields. */
    public enum Finish {
        /** The run goes on. */
        NONE("0"),
        /** Finished, but its completion event is not delivered yet: it stays active. */
        FINISHED("1"),
        /** Done with: leaves the active set, and its keys expire after the retention. */
        RETIRE("2");

        private final String arg;

        Finish(String arg) {
            this.arg = arg;
        }
    }

    private final Redis redis;
    private final RunKeys keys;
    private final long retentionMs;

    RunStore(Redis redis, AgentSdkConfig sdk, CoordinatorConfig config) {
        this.redis = redis;
        this.keys = new RunKeys(sdk.keyPrefix(), config.engine().partitions());
        this.retentionMs = config.engine().retention().toMillis();
    }

    public RunKeys keys() {
        return keys;
    }

    /**
     * Creates a run from its full hash ({@link dev.agentfleet.coordinator.run.Run#fields()}), or finds the one its
     * idempotency key already started.
     */
    public Future<Started> start(Map<String, String> fields, int partition, String myLease, String requestHash, String startedEvent,
            long now) {
        String runId = fields.get("id");
        String idempotencyKey = fields.get("idempotencyKey");
        List<String> k = new ArrayList<>(List.of(keys.run(runId), keys.events(runId), keys.active(partition),
                keys.index(partition), keys.lease(partition), keys.inbox(partition)));
        if (idempotencyKey != null) {
            k.add(keys.idempotency(partition, idempotencyKey));
        }
        List<String> args = new ArrayList<>(List.of(runId, myLease == null ? "" : myLease, String.valueOf(now), requestHash,
                startedEvent));
        fields.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return START.send(redis, k, args).map(r -> new Started(StartOutcome.valueOf(r.get(0).toString().toUpperCase()),
                r.get(1).toString()));
    }

    /** Writes a run's changes if the caller still holds the partition and the run is at the revision it expects. */
    public Future<CommitOutcome> commit(Run run, int partition, String lease, Map<String, String> changes, List<String> events,
            Finish finish, long now) {
        List<String> k = new ArrayList<>(List.of(keys.run(run.id()), keys.events(run.id()), keys.lease(partition),
                keys.active(partition), keys.expiring(partition)));
        if (run.idempotencyKey() != null) {
            k.add(keys.idempotency(partition, run.idempotencyKey()));
        }
        List<String> args = new ArrayList<>(8 + events.size() + changes.size() * 2);
        args.add(lease);
        args.add(String.valueOf(run.revision()));
        args.add(run.id());
        args.add(finish.arg);
        args.add(String.valueOf(retentionMs));
        args.add(String.valueOf(now));
        args.add(String.valueOf(events.size()));
        args.addAll(events);
        changes.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return COMMIT.send(redis, k, args).map(r -> CommitOutcome.valueOf(r.toString().toUpperCase()));
    }

    /** Records a cancellation request for whichever replica owns the run. */
    public Future<Cancelled> requestCancel(String runId, String event, long now) {
        int partition = keys.partitionOf(runId);
        if (partition < 0) {
            return Future.succeededFuture(new Cancelled(CancelOutcome.MISSING, null));
        }
        return CANCEL.send(redis, List.of(keys.run(runId), keys.cancels(partition), keys.events(runId)),
                List.of(runId, String.valueOf(now), event)).map(r -> switch (r.get(0).toString()) {
                    case "accepted" -> new Cancelled(CancelOutcome.ACCEPTED, null);
                    case "repeated" -> new Cancelled(CancelOutcome.REPEATED, null);
                    case "missing" -> new Cancelled(CancelOutcome.MISSING, null);
                    default -> new Cancelled(CancelOutcome.TOO_LATE, r.get(1).toString());
                });
    }

    /** The hashes of runs of one partition; missing runs are left out. */
    public Future<List<Map<String, String>>> load(List<String> runIds) {
        if (runIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return LOAD.send(redis, runIds.stream().map(keys::run).toList(), List.of()).map(reply -> {
            List<Map<String, String>> runs = new ArrayList<>();
            for (Response flat : reply) {
                Map<String, String> hash = new LinkedHashMap<>();
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    hash.put(flat.get(i).toString(), flat.get(i + 1).toString());
                }
                if (hash.containsKey("id")) {
                    runs.add(hash);
                }
            }
            return runs;
        });
    }

    public Future<Acquired> acquire(int partition, String replicaId, long ttlMs) {
        return ACQUIRE.send(redis, List.of(keys.lease(partition), keys.fence(partition), keys.active(partition)),
                List.of(replicaId, String.valueOf(ttlMs))).map(r -> {
                    if (!r.get(0).toString().equals("acquired")) {
                        return null;
                    }
                    List<String> runs = new ArrayList<>();
                    for (int i = 2; i < r.size(); i++) {
                        runs.add(r.get(i).toString());
                    }
                    return new Acquired(r.get(1).toString(), runs);
                });
    }

    public Future<Polled> poll(int partition, String lease, long ttlMs, long now, int batch) {
        return POLL.send(redis, List.of(keys.lease(partition), keys.inbox(partition), keys.cancels(partition),
                keys.expiring(partition), keys.index(partition)),
                List.of(lease, String.valueOf(ttlMs), String.valueOf(now), String.valueOf(batch))).map(r -> {
                    if (!r.get(0).toString().equals("ok")) {
                        return null;
                    }
                    int inbox = Integer.parseInt(r.get(1).toString());
                    List<String> newRuns = new ArrayList<>();
                    List<String> cancelled = new ArrayList<>();
                    for (int i = 2; i < r.size(); i++) {
                        (i < 2 + inbox ? newRuns : cancelled).add(r.get(i).toString());
                    }
                    return new Polled(newRuns, cancelled);
                });
    }

    public Future<Boolean> release(int partition, String lease) {
        return RELEASE.send(redis, List.of(keys.lease(partition)), List.of(lease)).map(r -> r.toInteger() == 1);
    }

    /** Records this replica as alive until {@code expiresAt} and answers how many replicas are alive. */
    public Future<Integer> heartbeat(String replicaId, long now, long expiresAt) {
        String key = keys.replicas();
        return redis.batch(List.of(
                Request.cmd(Command.ZADD).arg(key).arg(expiresAt).arg(replicaId),
                Request.cmd(Command.ZREMRANGEBYSCORE).arg(key).arg("-inf").arg(now),
                Request.cmd(Command.ZCARD).arg(key))).map(r -> Math.max(1, r.get(2).toInteger()));
    }

    /** Leaves the replica set (shutdown). */
    public Future<Void> leave(String replicaId) {
        return redis.send(Request.cmd(Command.ZREM).arg(keys.replicas()).arg(replicaId)).mapEmpty();
    }
}
