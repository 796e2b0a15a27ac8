package dev.agentfleet.sdk.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.agentfleet.sdk.text.Digests;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script from {@code src/main/resources/lua/}, run by {@code EVALSHA} and sent again with {@code EVAL} when
 * the server answers {@code NOSCRIPT} (after a restart or a {@code SCRIPT FLUSH}). EVAL/EVALSHA work on Redis 6.2 and
 * 7.x alike, unlike Redis Functions.
 */
public final class LuaScript {

    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = Digests.sha1Hex(source);
    }

    /** Loads {@code lua/<name>.lua} from the classpath. */
    public static LuaScript load(String name) {
        String resource = "lua/" + name + ".lua";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + resource);
            }
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    /** Runs the script with the given keys and arguments. */
    public Response run(RedisDataSource redis, List<String> keys, List<String> args) {
        try {
            return redis.execute("EVALSHA", arguments(sha1, keys, args));
        } catch (RuntimeException e) {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                throw e;
            }
            // EVAL also caches the script, so the next EVALSHA finds it.
            return redis.execute("EVAL", arguments(source, keys, args));
        }
    }

    /**
     * Runs the script without blocking, on Vert.x' own Redis client: what an event-loop caller (the workflow engine)
     * uses. The future completes on a Vert.x thread.
     */
    public io.vertx.core.Future<io.vertx.redis.client.Response> send(io.vertx.redis.client.Redis redis, List<String> keys,
            List<String> args) {
        return redis.send(request(io.vertx.redis.client.Command.EVALSHA, sha1, keys, args)).recover(e -> {
            if (e.getMessage() == null || !e.getMessage().contains("NOSCRIPT")) {
                return io.vertx.core.Future.failedFuture(e);
            }
            return redis.send(request(io.vertx.redis.client.Command.EVAL, source, keys, args));
        });
    }

    private static io.vertx.redis.client.Request request(io.vertx.redis.client.Command command, String script,
            List<String> keys, List<String> args) {
        io.vertx.redis.client.Request request = io.vertx.redis.client.Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(request::arg);
        args.forEach(request::arg);
        return request;
    }

    private static String[] arguments(String script, List<String> keys, List<String> args) {
        List<String> all = new ArrayList<>(2 + keys.size() + args.size());
        all.add(script);
        all.add(String.valueOf(keys.size()));
        all.addAll(keys);
        all.addAll(args);
        return all.toArray(String[]::new);
    }

}
