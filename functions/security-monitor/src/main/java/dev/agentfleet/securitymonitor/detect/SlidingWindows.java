package dev.agentfleet.securitymonitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Sliding windows of occurrences in Redis sorted sets ({@code record_window.lua}), scored by event time, trimmed to
 * the window and expiring with it: every replica and every batch sees the same counts.
 *
 * <p>Keys: {@code <prefix>:sec:{<window name>}:events} and {@code ...:alerted}, one hash tag per window so both
 * live on one Redis Cluster slot.
 */
@ApplicationScoped
public class SlidingWindows {

    private static final LuaScript RECORD = LuaScript.load("record_window");

    /** One occurrence: when, and what identifies it (an event id, or a user name to count distinct users). */
    public record Occurrence(Instant at, String member) {
    }

    /**
     * The window after recording.
     *
     * @param count  occurrences in the window ending at the newest one
     * @param opened whether this call crossed the threshold and opened an incident (once per window)
     * @param since  the oldest occurrence still in the window
     */
    public record Result(long count, boolean opened, Instant since) {
    }

    private final RedisDataSource redis;
    private final String prefix;

    SlidingWindows(RedisDataSource redis, AgentSdkConfig config) {
        this.redis = redis;
        this.prefix = config.keyPrefix();
    }

    public Result record(String windowName, List<Occurrence> occurrences, Duration window, int threshold) {
        String tag = "{" + windowName.replace('{', '(').replace('}', ')') + "}";
        List<String> args = new ArrayList<>(2 + 2 * occurrences.size());
        args.add(String.valueOf(window.toMillis()));
        args.add(String.valueOf(threshold));
        for (Occurrence o : occurrences) {
            args.add(String.valueOf(o.at().toEpochMilli()));
            args.add(o.member());
        }
        Response reply = RECORD.run(redis, List.of(prefix + ":sec:" + tag + ":events", prefix + ":sec:" + tag + ":alerted"), args);
        return new Result(reply.get(0).toLong(), reply.get(1).toInteger() == 1, Instant.ofEpochMilli(reply.get(2).toLong()));
    }
}
