package dev.agentfleet.securitymonitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/** Each user's latest successful login with its location, in Redis ({@code swap_last_login.lua}). */
@ApplicationScoped
public class LastLogins {

    private static final LuaScript SWAP = LuaScript.load("swap_last_login");

    /** A successful login at a place. */
    public record Login(Instant at, double latitude, double longitude, String ip) {
    }

    private final RedisDataSource redis;
    private final String prefix;

    LastLogins(RedisDataSource redis, AgentSdkConfig config) {
        this.redis = redis;
        this.prefix = config.keyPrefix();
    }

    /** Records {@code login} for {@code user} and returns the login before it, if any. */
    public Optional<Login> swap(String user, Login login, Duration memory) {
        String key = prefix + ":sec:{login:" + user.replace('{', '(').replace('}', ')') + "}";
        Response previous = SWAP.run(redis, List.of(key), List.of(String.valueOf(login.at().toEpochMilli()),
                String.valueOf(login.latitude()), String.valueOf(login.longitude()), login.ip(), String.valueOf(memory.toMillis())));
        if (previous == null || previous.size() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Login(Instant.ofEpochMilli(previous.get(0).toLong()), Double.parseDouble(previous.get(1).toString()),
                Double.parseDouble(previous.get(2).toString()), previous.get(3).toString()));
    }
}
