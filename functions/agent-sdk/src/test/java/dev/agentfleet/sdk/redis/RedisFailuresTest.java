package dev.agentfleet.sdk.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

/** Which Redis failures are worth a retry (503 + Retry-After) and which are bugs (500). */
class RedisFailuresTest {

    @Test
    void aConnectionDroppedUnderACommandIsAnOutageNotABug() {
        // What the cluster client threw in RedisClusterFaultsIT when a token rotation's CLIENT KILL cut a read.
        assertThat(RedisFailures.isUnavailable(new CompletionException(new IllegalStateException("CONNECTION_CLOSED")))).isTrue();
        assertThat(RedisFailures.isUnavailable(new RuntimeException("READONLY You can't write against a read only replica."))).isTrue();
        assertThat(RedisFailures.isUnavailable(new RuntimeException("WRONGTYPE Operation against a key"))).isFalse();
    }

    @Test
    void aWriteToAReplicaIsToldApart() {
        assertThat(RedisFailures.isReadOnlyReplica(new CompletionException(new RuntimeException("READONLY You can't write")))).isTrue();
        assertThat(RedisFailures.isReadOnlyReplica(new RuntimeException("CONNECTION_CLOSED"))).isFalse();
    }
}
