package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code region_claim.lua}: which region drives the runs, and its epoch (claimed by a promoted region). */
public final class RegionClaimScript {

    private static final LuaScript SCRIPT = LuaScript.load("region_claim");

    /** The active region, its epoch, and whether this call claimed it. */
    public record Claim(String activeRegion, long epoch, boolean claimed) {
    }

    private RegionClaimScript() {
    }

    /** KEYS[1] the region hash; ARGV[1] the caller's region, ARGV[2] promoted ("1"/"0"), ARGV[3] nowMs. */
    public static Future<Claim> send(Redis redis, String regionKey, String region, boolean promoted, long now) {
        return SCRIPT.send(redis, List.of(regionKey), List.of(region, promoted ? "1" : "0", String.valueOf(now)))
                .map(r -> new Claim(r.get(0).toString(), r.get(1).toLong(), "claimed".equals(r.get(2).toString())));
    }
}
