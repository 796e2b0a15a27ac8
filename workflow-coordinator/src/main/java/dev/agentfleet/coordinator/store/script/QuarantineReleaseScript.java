package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code quarantine_release.lua}: gives a quarantined run back to its partition's owner. */
public final class QuarantineReleaseScript {

    private static final LuaScript SCRIPT = LuaScript.load("quarantine_release");

    /** The partition's quarantine, active set and inbox, and the run's hash. */
    public record Keys(String quarantine, String active, String inbox, String run) {
    }

    private QuarantineReleaseScript() {
    }

    /** True when released; false when the run was not quarantined. */
    public static Future<Boolean> send(Redis redis, Keys keys, String runId, long now) {
        return SCRIPT.send(redis, List.of(keys.quarantine(), keys.active(), keys.inbox(), keys.run()),
                List.of(runId, String.valueOf(now))).map(r -> "released".equals(r.toString()));
    }
}
