package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code run_quarantine.lua}: sets aside a run its owner cannot read or resume. */
public final class RunQuarantineScript {

    private static final LuaScript SCRIPT = LuaScript.load("run_quarantine");

    /** The partition's lease, active set and quarantine, and the run's hash. */
    public record Keys(String lease, String active, String quarantine, String run) {
    }

    private RunQuarantineScript() {
    }

    /** True when quarantined; false when the caller no longer holds the partition. */
    public static Future<Boolean> send(Redis redis, Keys keys, String lease, String runId, String reason, long now) {
        return SCRIPT.send(redis, List.of(keys.lease(), keys.active(), keys.quarantine(), keys.run()),
                List.of(lease, runId, reason, String.valueOf(now))).map(r -> "quarantined".equals(r.toString()));
    }
}
