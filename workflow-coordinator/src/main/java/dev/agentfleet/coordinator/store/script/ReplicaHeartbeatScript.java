package dev.agentfleet.coordinator.store.script;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/** {@code replica_heartbeat.lua}: a replica's heartbeat with its share, answered with every live replica's share. */
public final class ReplicaHeartbeatScript {

    private static final LuaScript SCRIPT = LuaScript.load("replica_heartbeat");

    private ReplicaHeartbeatScript() {
    }

    /**
     * KEYS[1] the replicas (zset), KEYS[2] their shares (hash); ARGV[1] replica, ARGV[2] nowMs, ARGV[3] live until,
     * ARGV[4] partitions owned. Answers the partitions each live replica owns, by replica id (the caller included).
     */
    public static Future<Map<String, Integer>> send(Redis redis, String replicasKey, String sharesKey, String replicaId, long now,
            long liveUntil, int owned) {
        return SCRIPT.send(redis, List.of(replicasKey, sharesKey),
                List.of(replicaId, String.valueOf(now), String.valueOf(liveUntil), String.valueOf(owned)))
                .map(ReplicaHeartbeatScript::shares);
    }

    private static Map<String, Integer> shares(Response flat) {
        Map<String, Integer> shares = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            shares.put(flat.get(i).toString(), flat.get(i + 1).toInteger());
        }
        return shares;
    }
}
