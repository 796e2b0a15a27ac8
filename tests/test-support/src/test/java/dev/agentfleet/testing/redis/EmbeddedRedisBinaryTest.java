package dev.agentfleet.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Forces the binary shipped in the embedded-redis jar, so CI exercises that path even where
 * {@code redis-server} is installed: machines without it depend on this one.
 */
class EmbeddedRedisBinaryTest {

    @Test
    void embeddedBinaryIsRedis62AndSurvivesAKillWithAppendOnly() {
        RedisBinary binary = RedisBinary.embedded();
        assertThat(binary.source()).isEqualTo(RedisBinary.Source.EMBEDDED);
        assertThat(binary.version()).startsWith("6.2");

        try (RedisServer redis = RedisServer.builder().binary(binary).appendOnly(true).start()) {
            // Redis write()s the AOF before it replies, so a SIGKILL (not a power cut) keeps the write.
            redis.command("SET", "k", "v");

            redis.kill();
            redis.start();

            assertThat(redis.command("GET", "k")).isEqualTo("v");
        }
    }

    @Test
    void systemPropertySelectsEmbeddedBinary() {
        System.setProperty(RedisBinary.PROPERTY, "embedded");
        try {
            assertThat(RedisBinary.resolve().source()).isEqualTo(RedisBinary.Source.EMBEDDED);
        } finally {
            System.clearProperty(RedisBinary.PROPERTY);
        }
    }
}
