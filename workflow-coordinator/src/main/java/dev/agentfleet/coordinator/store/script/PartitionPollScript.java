package dev.agentfleet.coordinator.store.script;

import java.util.ArrayList;
import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;

/**
 * {@code partition_poll.lua}: the owner's periodic visit to a partition: renews the lease, takes new runs and
 * requests (cancel, pause, resume, signals), sweeps retired runs out of the listing index.
 */
public final class PartitionPollScript {

    private static final LuaScript SCRIPT = LuaScript.load("partition_poll");

    /** Runs other replicas started here, and runs someone asked something of (cancel, pause, resume, a signal). */
    public record Polled(List<String> newRuns, List<String> controlled) {
    }

    /**
     * @param lease    KEYS[1] lease
     * @param inbox    KEYS[2] inbox: list of new runs
     * @param cancels  KEYS[3] cancels: the control list (runs someone asked something of)
     * @param expiring KEYS[4] expiring: zset of retired runs by expiry
     * @param index    KEYS[5] index: zset the listing reads
     */
    public record Keys(String lease, String inbox, String cancels, String expiring, String index, String counts, String retired) {
    }

    private PartitionPollScript() {
    }

    /** ARGV[1] the lease held, ARGV[2] its ttl, ARGV[3] nowMs, ARGV[4] batch size. Null when the lease was lost. */
    public static Future<Polled> send(Redis redis, Keys keys, String lease, long ttlMs, long nowMs, int batch) {
        return SCRIPT.send(redis, List.of(keys.lease(), keys.inbox(), keys.cancels(), keys.expiring(), keys.index(), keys.counts(),
                keys.retired()),
                List.of(lease, String.valueOf(ttlMs), String.valueOf(nowMs), String.valueOf(batch))).map(r -> {
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
}
