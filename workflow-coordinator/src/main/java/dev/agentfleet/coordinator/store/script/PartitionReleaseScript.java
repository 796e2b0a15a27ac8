package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code partition_release.lua}: gives a partition up (shutdown, rebalancing) if the caller still holds it. */
public final class PartitionReleaseScript {

    private static final LuaScript SCRIPT = LuaScript.load("partition_release");

    private PartitionReleaseScript() {
    }

    /** KEYS[1] lease, ARGV[1] the lease value held; true when released. */
    public static Future<Boolean> send(Redis redis, String leaseKey, String lease) {
        return SCRIPT.send(redis, List.of(leaseKey), List.of(lease)).map(r -> r.toInteger() == 1);
    }
}
