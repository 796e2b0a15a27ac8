package dev.agentfleet.testing.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration an application needs to use a {@link RedisCluster} as production uses Memorystore: cluster client,
 * TLS with the cluster's authority as the only trust (hostname verified: the certificates name 127.0.0.1), and the ACL
 * user's password read from the file the cluster keeps current ({@link RedisCluster#passwordFile()}), fetched again
 * every second so rotations reach new connections quickly.
 */
public final class ClusterClientConfig {

    /** The named TLS configuration (Quarkus' TLS registry) the Redis client uses. */
    public static final String TLS_CONFIGURATION = "agentfleet-test-redis";

    private ClusterClientConfig() {
    }

    public static Map<String, String> of(RedisCluster cluster) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.redis.hosts", cluster.hosts());
        config.put("quarkus.redis.client-type", "cluster");
        if (cluster.tls()) {
            config.put("quarkus.redis.tls-configuration-name", TLS_CONFIGURATION);
            config.put("quarkus.tls." + TLS_CONFIGURATION + ".trust-store.pem.certs", cluster.authority().toString());
            config.put("quarkus.tls." + TLS_CONFIGURATION + ".hostname-verification-algorithm", "HTTPS");
        }
        config.put("agentfleet.sdk.redis.auth.source", "file");
        config.put("agentfleet.sdk.redis.auth.file", cluster.passwordFile().toString());
        config.put("agentfleet.sdk.redis.auth.refresh", "PT1S");
        return config;
    }
}
