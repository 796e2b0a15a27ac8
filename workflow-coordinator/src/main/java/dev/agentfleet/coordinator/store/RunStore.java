package dev.agentfleet.coordinator.store;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.store.script.PartitionAcquireScript;
import dev.agentfleet.coordinator.store.script.PartitionPollScript;
import dev.agentfleet.coordinator.store.script.PartitionReleaseScript;
import dev.agentfleet.coordinator.store.script.QuarantineReleaseScript;
import dev.agentfleet.coordinator.store.script.RegionClaimScript;
import dev.agentfleet.coordinator.store.script.ReplicaHeartbeatScript;
import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.coordinator.store.script.RunCommitScript;
import dev.agentfleet.coordinator.store.script.RunQuarantineScript;
import dev.agentfleet.coordinator.store.script.RunStartScript;
import dev.agentfleet.coordinator.store.script.RunsLoadScript;
import dev.agentfleet.coordinator.store.script.StartRateScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Every write of run and partition state, each one Lua script (atomic, one slot, {@code store.script}), without
 * blocking: the engine calls these from its event loop. Reads for the HTTP API are {@link RunQueries}'.
 */
@ApplicationScoped
public class RunStore {

    private final Redis redis;
    private final RedisKeys keys;
    private final long retentionMs;

    RunStore(Redis redis, RedisKeys keys, CoordinatorConfig config) {
        this.redis = redis;
        this.keys = keys;
        this.retentionMs = config.engine().retention().toMillis();
    }

    public RedisKeys keys() {
        return keys;
    }

    /**
     * Creates a run from its full hash ({@link Run#fields()}), or finds the one its idempotency key already started.
     */
    public Future<RunStartScript.Result> start(Map<String, String> fields, int partition, String callerLease, String requestHash,
            String startedEvent, long now) {
        String runId = fields.get("id");
        String key = fields.get("idempotencyKey");
        return RunStartScript.send(redis, new RunStartScript.Keys(keys.run(runId), keys.events(runId), keys.active(partition),
                keys.index(partition), keys.lease(partition), keys.inbox(partition), keys.counts(partition),
                key == null ? null : keys.idempotency(partition, fields.get("startedBy"), key)),
                new RunStartScript.Args(runId, callerLease, now, requestHash, startedEvent, fields));
    }

    /** Takes one start from the subject's bucket ({@code agentfleet.coordinator.start-rate}). */
    public Future<StartRateScript.Result> takeStart(String subject, double perSecond, int burst, long now) {
        return StartRateScript.send(redis, keys.startRate(subject), now, perSecond, burst);
    }

    /** Writes a run's changes if the caller still holds the partition and the run is at the revision it expects. */
    public Future<RunCommitScript.Outcome> commit(Run run, int partition, String lease, Map<String, String> changes, List<String> events,
            RunCommitScript.Finish finish, long now) {
        String key = run.idempotencyKey();
        return RunCommitScript.send(redis, new RunCommitScript.Keys(keys.run(run.id()), keys.events(run.id()), keys.lease(partition),
                keys.active(partition), keys.expiring(partition), keys.items(run.id()), keys.counts(partition), keys.retired(partition),
                key == null ? null : keys.idempotency(partition, run.startedBy(), key)),
                new RunCommitScript.Args(lease, run.revision(), run.id(), finish, retentionMs, now, events, changes));
    }

    /** Records a cancel, pause or resume request for whichever replica owns the run. */
    public Future<RunRequestScript.Result> request(String runId, RunRequestScript.Action action, String by,
            RunRequestScript.Entries entries, long now) {
        int partition = keys.partitionOf(runId);
        if (partition < 0) {
            return Future.succeededFuture(new RunRequestScript.Result(RunRequestScript.Outcome.MISSING, null));
        }
        return RunRequestScript.request(redis, requestKeys(runId, partition), runId, now, action, by, entries);
    }

    /** Keeps a signal for the run until its step takes it. */
    public Future<RunRequestScript.Result> signal(String runId, String name, String signalJson, String signalId, String step,
            RunRequestScript.Entries entries) {
        int partition = keys.partitionOf(runId);
        if (partition < 0) {
            return Future.succeededFuture(new RunRequestScript.Result(RunRequestScript.Outcome.MISSING, null));
        }
        return RunRequestScript.signal(redis, requestKeys(runId, partition), runId, dev.agentfleet.coordinator.run.Signal.field(name),
                signalJson, signalId, Run.STEP_PREFIX + step, entries);
    }

    /** Asks the owner to continue a failed or cancelled run, bringing it back from retirement. */
    public Future<RunRequestScript.Result> redrive(String runId, String startedBy, String idempotencyKey, int max, String by,
            RunRequestScript.Entries entries, long now) {
        int partition = keys.partitionOf(runId);
        if (partition < 0) {
            return Future.succeededFuture(new RunRequestScript.Result(RunRequestScript.Outcome.MISSING, null));
        }
        return RunRequestScript.redrive(redis, new RunRequestScript.RedriveKeys(requestKeys(runId, partition), keys.active(partition),
                keys.expiring(partition), keys.inbox(partition), keys.items(runId), keys.retired(partition), idempotencyKey == null ? null
                        : keys.idempotency(partition, startedBy, idempotencyKey)), runId, now, max, by, entries);
    }

    private RunRequestScript.Keys requestKeys(String runId, int partition) {
        return new RunRequestScript.Keys(keys.run(runId), keys.cancels(partition), keys.events(runId));
    }

    /** The hashes of runs of one partition; missing runs are left out. */
    public Future<List<Map<String, String>>> load(List<String> runIds) {
        if (runIds.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        return RunsLoadScript.send(redis, runIds.stream().flatMap(id -> java.util.stream.Stream.of(keys.run(id), keys.items(id))).toList());
    }

    /** A run's {@code status}, {@code output} and {@code error} (nulls for a run that does not exist), for its parent. */
    public Future<List<String>> outcome(String runId) {
        if (keys.partitionOf(runId) < 0) {
            return Future.succeededFuture(java.util.Arrays.asList(null, null, null));
        }
        return redis.send(Request.cmd(Command.HMGET).arg(keys.run(runId)).arg("status").arg("output").arg("error"))
                .map(r -> java.util.Arrays.asList(text(r.get(0)), text(r.get(1)), text(r.get(2))));
    }

    /** One entry of a run's history stream: its stream id and the entry (JSON). */
    public record HistoryEntry(String id, String json) {
    }

    /**
     * At most {@code count} entries of the run's history after the stream id {@code after} ({@code null}: from the
     * first), oldest first; for a console following a run live.
     */
    public Future<List<HistoryEntry>> historyAfter(String runId, String after, int count) {
        return redis.send(Request.cmd(Command.XRANGE).arg(keys.events(runId)).arg(after == null ? "-" : "(" + after).arg("+")
                .arg("COUNT").arg(count)).map(r -> {
                    List<HistoryEntry> entries = new java.util.ArrayList<>();
                    if (r != null) {
                        for (io.vertx.redis.client.Response message : r) {
                            io.vertx.redis.client.Response fields = message.get(1);
                            for (int i = 0; i + 1 < fields.size(); i += 2) {
                                if ("e".equals(fields.get(i).toString())) {
                                    entries.add(new HistoryEntry(message.get(0).toString(), fields.get(i + 1).toString()));
                                }
                            }
                        }
                    }
                    return entries;
                });
    }

    private static String text(io.vertx.redis.client.Response r) {
        return r == null ? null : r.toString();
    }

    /** Sets a run aside (it cannot be read or resumed) if the caller still holds its partition; false when it does not. */
    public Future<Boolean> quarantine(int partition, String lease, String runId, String reason, long now) {
        return RunQuarantineScript.send(redis, new RunQuarantineScript.Keys(keys.lease(partition), keys.active(partition),
                keys.quarantine(partition), keys.run(runId)), lease, runId, reason, now);
    }

    /** Gives a quarantined run back to its partition's owner, which loads it again; false when it was not quarantined. */
    public Future<Boolean> releaseQuarantine(String runId, long now) {
        int partition = keys.partitionOf(runId);
        if (partition < 0) {
            return Future.succeededFuture(false);
        }
        return QuarantineReleaseScript.send(redis, new QuarantineReleaseScript.Keys(keys.quarantine(partition), keys.active(partition),
                keys.inbox(partition), keys.run(runId)), runId, now);
    }

    public Future<PartitionAcquireScript.Acquired> acquire(int partition, String replicaId, long ttlMs, long regionEpoch) {
        return PartitionAcquireScript.send(redis, new PartitionAcquireScript.Keys(keys.lease(partition), keys.fence(partition),
                keys.active(partition), keys.epoch(partition)), replicaId, ttlMs, regionEpoch);
    }

    /** The active region and its epoch as this Redis has them (a read: works on a replica); null fields when unset. */
    public Future<RegionClaimScript.Claim> region() {
        return redis.send(Request.cmd(Command.HMGET).arg(keys.region()).arg("active").arg("epoch")).map(r -> new RegionClaimScript.Claim(
                r.get(0) == null ? null : r.get(0).toString(), r.get(1) == null ? 0 : r.get(1).toLong(), false));
    }

    /** Which region drives the runs and its epoch; a replica that saw its Redis promoted claims it for its region. */
    public Future<RegionClaimScript.Claim> claimRegion(String region, boolean promoted, long now) {
        return RegionClaimScript.send(redis, keys.region(), region, promoted, now);
    }

    public Future<PartitionPollScript.Polled> poll(int partition, String lease, long ttlMs, long now, int batch) {
        return PartitionPollScript.send(redis, new PartitionPollScript.Keys(keys.lease(partition), keys.inbox(partition),
                keys.cancels(partition), keys.expiring(partition), keys.index(partition), keys.counts(partition), keys.retired(partition)), lease, ttlMs, now, batch);
    }

    public Future<Boolean> release(int partition, String lease) {
        return PartitionReleaseScript.send(redis, keys.lease(partition), lease);
    }

    /**
     * Records this replica as alive until {@code liveUntil}, owning {@code owned} partitions, and answers how many each
     * live replica owns, by replica id (this one included).
     */
    public Future<Map<String, Integer>> heartbeat(String replicaId, long now, long liveUntil, int owned) {
        return ReplicaHeartbeatScript.send(redis, keys.replicas(), keys.replicaShares(), replicaId, now, liveUntil, owned);
    }

    /** Forgets every replica and share (a region just claimed: the replicas of the region before it are gone). */
    public Future<Void> forgetReplicas() {
        return redis.send(Request.cmd(Command.DEL).arg(keys.replicas()).arg(keys.replicaShares())).mapEmpty();
    }

    /** Leaves the replica set (shutdown). */
    public Future<Void> leave(String replicaId) {
        return redis.batch(List.of(Request.cmd(Command.ZREM).arg(keys.replicas()).arg(replicaId),
                Request.cmd(Command.HDEL).arg(keys.replicaShares()).arg(replicaId))).mapEmpty();
    }
}
