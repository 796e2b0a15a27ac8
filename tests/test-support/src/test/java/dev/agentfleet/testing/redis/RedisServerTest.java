package dev.agentfleet.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisExtension.class)
class RedisServerTest {

    @Test
    void answersCommandsOnLoopback(RedisServer redis) {
        assertThat(redis.command("SET", "greeting", "hello")).isEqualTo("OK");
        assertThat(redis.command("GET", "greeting")).isEqualTo("hello");
        assertThat(redis.uri()).startsWith("redis://127.0.0.1:");
    }

    @Test
    void restartWithAppendOnlyKeepsCommittedWrites(RedisServer redis) {
        redis.command("SET", "survivor", "1");
        int port = redis.port();

        redis.restart();

        assertThat(redis.port()).isEqualTo(port);
        assertThat(redis.command("GET", "survivor")).isEqualTo("1");
    }
}
