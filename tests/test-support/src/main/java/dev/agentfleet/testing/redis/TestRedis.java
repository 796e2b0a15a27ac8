package dev.agentfleet.testing.redis;

import java.util.Map;

/**
 * A real Redis a test runs against, whichever its topology: a single {@link RedisServer} or a {@link RedisCluster}
 * ({@code -Dagentfleet.redis.topology=cluster}), so the same suite proves both.
 */
public interface TestRedis extends AutoCloseable {

    /** The configuration an application needs to use it ({@code quarkus.redis.*}, and for a cluster TLS and the password). */
    Map<String, String> clientConfig();

    /** One command as the administrator (a cluster follows redirects to the key's node); the reply as text. */
    String command(String... args);

    @Override
    void close();

    /** The topology of this run, append-only persistence on. */
    static TestRedis start() {
        return RedisTestResource.clusterTopology() ? RedisCluster.builder().appendOnly(true).start()
                : RedisServer.builder().appendOnly(true).start();
    }
}
