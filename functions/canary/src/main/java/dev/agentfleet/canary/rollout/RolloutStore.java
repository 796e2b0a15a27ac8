package dev.agentfleet.canary.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;

/**
 * Rollouts in Redis: {@code <prefix>:canary:{<namespace>/<service>}} holds the latest one of a Service as JSON (the
 * finished ones stay for inspection), {@code <prefix>:canary:active} the ids the tick drives, and a short lock per
 * rollout keeps two ticks (two replicas, or a tick and an abort) from deciding for the same rollout at once.
 */
@ApplicationScoped
public class RolloutStore {

    private static final Duration LOCK = Duration.ofSeconds(30);
    private static final LuaScript RELEASE = LuaScript.load("release-lock");

    private final RedisDataSource redis;
    private final ObjectMapper mapper;
    private final String prefix;

    RolloutStore(RedisDataSource redis, ObjectMapper mapper, AgentSdkConfig sdk) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = sdk.keyPrefix() + ":canary:";
    }

    public Optional<Rollout> get(String id) {
        String json = redis.value(String.class).get(key(id));
        try {
            return json == null ? Optional.empty() : Optional.of(mapper.readValue(json, Rollout.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rollout " + id + " is not readable: " + e.getOriginalMessage(), e);
        }
    }

    public void save(Rollout rollout) {
        try {
            redis.value(String.class).set(key(rollout.id()), mapper.writeValueAsString(rollout));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (rollout.phase().finished()) {
            redis.set(String.class).srem(prefix + "active", rollout.id());
        } else {
            redis.set(String.class).sadd(prefix + "active", rollout.id());
        }
    }

    public List<String> active() {
        return redis.set(String.class).smembers(prefix + "active").stream().sorted().toList();
    }

    public long activeCount() {
        return redis.set(String.class).scard(prefix + "active");
    }

    /** A token if this caller now holds the rollout's lock, empty if someone else does. */
    public Optional<String> lock(String id) {
        String token = UUID.randomUUID().toString();
        redis.value(String.class).set(key(id) + ":lock", token, new SetArgs().nx().px(LOCK));
        return token.equals(redis.value(String.class).get(key(id) + ":lock")) ? Optional.of(token) : Optional.empty();
    }

    public void unlock(String id, String token) {
        RELEASE.run(redis, List.of(key(id) + ":lock"), List.of(token));
    }

    private String key(String id) {
        return prefix + "{" + id + "}";
    }
}
