package dev.agentfleet.coordinator.store.script;

import java.util.List;

import dev.agentfleet.sdk.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/** {@code register_definition.lua}: stores a definition version unless that version already holds other content. */
public final class DefinitionRegisterScript {

    private static final LuaScript SCRIPT = LuaScript.load("register_definition");

    /** New content, the same content again, or another content under that version. */
    public enum Outcome { CREATED, UNCHANGED, CONFLICT }

    /** {@code detail}: the registration time (ms) for CREATED and UNCHANGED, the existing hash for CONFLICT. */
    public record Result(Outcome outcome, String detail) {
    }

    /**
     * @param versions KEYS[1] versionsKey: hash version -> content hash, for one workflow name
     * @param body     KEYS[2] bodyKey: the canonical JSON of this content hash
     * @param names    KEYS[3] namesKey: hash name -> latest registered version
     * @param times    KEYS[4] timesKey: hash content hash -> registration time
     */
    public record Keys(String versions, String body, String names, String times) {
    }

    /**
     * @param name    ARGV[1]
     * @param version ARGV[2]
     * @param hash    ARGV[3]
     * @param body    ARGV[4] canonical JSON
     * @param nowMs   ARGV[5]
     */
    public record Args(String name, String version, String hash, String body, long nowMs) {
    }

    private DefinitionRegisterScript() {
    }

    /** Blocking: registration happens on worker threads (the API, start-up). */
    public static Result run(RedisDataSource redis, Keys keys, Args args) {
        Response reply = SCRIPT.run(redis, List.of(keys.versions(), keys.body(), keys.names(), keys.times()),
                List.of(args.name(), args.version(), args.hash(), args.body(), String.valueOf(args.nowMs())));
        return new Result(Outcome.valueOf(reply.get(0).toString().toUpperCase()), reply.get(1).toString());
    }
}
