package dev.agentfleet.coordinator.store.script;

import java.util.ArrayList;
import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code partition_acquire.lua}: takes a partition whose lease is free; the fence grows with every acquisition. */
public final class PartitionAcquireScript {

    private static final LuaScript SCRIPT = LuaScript.load("partition_acquire");

    /** The lease taken (fencing token included) and the unfinished runs of the partition. */
    public record Acquired(String lease, List<String> activeRuns) {
    }

    /**
     * @param lease  KEYS[1] lease: "replica:fence", expiring
     * @param fence  KEYS[2] fence: counter
     * @param active KEYS[3] active: zset of unfinished runs
     * @param epoch  KEYS[4] epoch: the region epoch of the partition's last owner
     */
    public record Keys(String lease, String fence, String active, String epoch) {
    }

    private PartitionAcquireScript() {
    }

    /**
     * ARGV[1] the replica id, ARGV[2] the lease's time to live, ARGV[3] the caller's region epoch. Null when another
     * replica holds the partition or a newer region epoch owns it.
     */
    public static Future<Acquired> send(Redis redis, Keys keys, String replicaId, long ttlMs, long regionEpoch) {
        return SCRIPT.send(redis, List.of(keys.lease(), keys.fence(), keys.active(), keys.epoch()),
                List.of(replicaId, String.valueOf(ttlMs), String.valueOf(regionEpoch)))
                .map(r -> {
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
}
