package dev.agentfleet.coordinator.store.script;

import java.util.List;
import java.util.Optional;

import dev.agentfleet.sdk.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * {@code resolve_definition.lua}: a workflow name and version (null for the latest) to the content hash, in one round
 * trip instead of two (every start resolves its workflow before writing the run).
 */
public final class DefinitionResolveScript {

    private static final LuaScript SCRIPT = LuaScript.load("resolve_definition");

    /** The version resolved (the latest when none was named) and its content hash. */
    public record Resolved(String version, String hash) {
    }

    /**
     * @param names    KEYS[1] namesKey: hash name -> latest registered version
     * @param versions KEYS[2] versionsKey: hash version -> content hash, for this workflow name
     */
    public record Keys(String names, String versions) {
    }

    private DefinitionResolveScript() {
    }

    /** Blocking: starts and definition reads run on worker threads. Empty when the name or version is not registered. */
    public static Optional<Resolved> run(RedisDataSource redis, Keys keys, String name, String version) {
        if (version != null && version.isEmpty()) {
            return Optional.empty(); // the script reads '' as "the latest"; no version is named ''
        }
        Response reply = SCRIPT.run(redis, List.of(keys.names(), keys.versions()), List.of(name, version == null ? "" : version));
        return reply == null ? Optional.empty() : Optional.of(new Resolved(reply.get(0).toString(), reply.get(1).toString()));
    }
}
