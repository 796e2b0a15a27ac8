package dev.agentfleet.bareext;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import io.quarkus.funqy.Funq;
import io.quarkus.redis.datasource.RedisDataSource;

/**
 * The whole application: validates what it is sent, counts it in Redis (a function's first answer includes its first
 * Redis use) and answers it. What a function does with the SDK's extensions, without the SDK.
 */
public class Echo {

    /** The request: one number. */
    public record Ping(@NotNull Integer ping) {
    }

    @Inject
    RedisDataSource redis;

    @Funq
    public Ping echo(@Valid Ping input) {
        redis.value(Long.class).incr("bare-extensions:echo");
        return input;
    }
}
