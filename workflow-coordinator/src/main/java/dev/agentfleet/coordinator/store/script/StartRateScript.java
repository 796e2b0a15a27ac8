package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/** {@code start_rate.lua}: takes a token from one subject's start bucket, shared by every replica. */
public final class StartRateScript {

    private static final LuaScript SCRIPT = LuaScript.load("start_rate");

    /** Whether a token was taken; if not, how long until one is there. */
    public record Result(boolean taken, long waitMs) {
    }

    private StartRateScript() {
    }

    /** KEYS[1] the bucket; ARGV[1] nowMs, ARGV[2] tokens per second, ARGV[3] burst. */
    public static Future<Result> send(Redis redis, String bucketKey, long nowMs, double perSecond, int burst) {
        return SCRIPT.send(redis, List.of(bucketKey), List.of(String.valueOf(nowMs), String.valueOf(perSecond), String.valueOf(burst)))
                .map(r -> new Result(r.get(0).toInteger() == 1, r.get(1).toLong()));
    }
}
