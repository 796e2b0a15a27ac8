package dev.agentfleet.coordinator.store.script;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.agentfleet.sdk.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;

/**
 * {@code runs_load.lua}: the hashes of several runs of one partition, each with its items hash's fields (KEYS: for each
 * run its hash, then its items hash; no ARGV).
 */
public final class RunsLoadScript {

    private static final LuaScript SCRIPT = LuaScript.load("runs_load");

    private RunsLoadScript() {
    }

    /** The hashes, in order; runs that no longer exist are left out. */
    public static Future<List<Map<String, String>>> send(Redis redis, List<String> runAndItemsKeys) {
        return SCRIPT.send(redis, runAndItemsKeys, List.of()).map(reply -> {
            List<Map<String, String>> runs = new ArrayList<>();
            for (Response flat : reply) {
                Map<String, String> hash = new LinkedHashMap<>();
                for (int i = 0; i + 1 < flat.size(); i += 2) {
                    hash.put(flat.get(i).toString(), flat.get(i + 1).toString());
                }
                if (hash.containsKey("id")) {
                    runs.add(hash);
                }
            }
            return runs;
        });
    }
}
