package dev.agentfleet.coordinator.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.store.script.DefinitionRegisterScript;
import dev.agentfleet.coordinator.store.script.DefinitionResolveScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/**
 * Definitions in Redis (one slot, {@code {wf-def}}): a name's versions, each pinned to a content hash, the content by
 * hash (kept for the runs pinned to it), and when each hash was registered. Blocking reads for the API and starts
 * (worker threads); {@link #bodyAsync} for the engine's event loop.
 */
@ApplicationScoped
public class DefinitionStore {

    private final RedisDataSource redis;
    private final Redis vertxRedis;
    private final RedisKeys keys;

    DefinitionStore(RedisDataSource redis, Redis vertxRedis, RedisKeys keys) {
        this.redis = redis;
        this.vertxRedis = vertxRedis;
        this.keys = keys;
    }

    /** Stores a version's content unless that version holds other content already (one script). */
    public DefinitionRegisterScript.Result register(String name, String version, String hash, String body, long now) {
        return DefinitionRegisterScript.run(redis, new DefinitionRegisterScript.Keys(keys.definitionVersions(name),
                keys.definitionBody(hash), keys.definitionNames(), keys.definitionTimes()),
                new DefinitionRegisterScript.Args(name, version, hash, body, now));
    }

    /** The version of a name ({@code version}, or the latest when null) and its content hash; empty when not registered. */
    public Optional<DefinitionResolveScript.Resolved> resolve(String name, String version) {
        return DefinitionResolveScript.run(redis, new DefinitionResolveScript.Keys(keys.definitionNames(), keys.definitionVersions(name)),
                name, version);
    }

    /** The canonical JSON of a content hash, or null. */
    public String body(String hash) {
        return redis.value(String.class).get(keys.definitionBody(hash));
    }

    /** The same, without blocking (null when missing). */
    public Future<String> bodyAsync(String hash) {
        return vertxRedis.send(Request.cmd(Command.GET).arg(keys.definitionBody(hash))).map(r -> r == null ? null : r.toString());
    }

    /** When a content hash was first registered (epoch ms), or null. */
    public Long registeredAt(String hash) {
        String ms = redis.hash(String.class).hget(keys.definitionTimes(), hash);
        return ms == null ? null : Long.valueOf(ms);
    }

    /** Every name with its latest version. */
    public Map<String, String> latestVersions() {
        return redis.hash(String.class).hgetall(keys.definitionNames());
    }

    /** A name's versions (version -> content hash). */
    public Map<String, String> versions(String name) {
        return redis.hash(String.class).hgetall(keys.definitionVersions(name));
    }

    /** Those of {@code names} without any registered version. */
    public List<String> unregistered(List<String> names) {
        Map<String, String> latest = redis.hash(String.class).hmget(keys.definitionNames(), names.toArray(String[]::new));
        return names.stream().filter(n -> latest.get(n) == null).toList();
    }
}
