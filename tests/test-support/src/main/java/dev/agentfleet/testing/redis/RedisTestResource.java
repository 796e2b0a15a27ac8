package dev.agentfleet.testing.redis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a real {@code redis-server} for a {@code @QuarkusTest} / {@code @QuarkusIntegrationTest} and
 * points {@code quarkus.redis.hosts} at it.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(RedisTestResource.class)
 * class MyTest {
 *     @InjectRedisServer RedisServer redis;   // optional: to restart it or inspect keys
 * }
 * }</pre>
 *
 * With {@code -Dagentfleet.redis.topology=cluster} (or {@code AGENTFLEET_REDIS_TOPOLOGY=cluster}) it starts a TLS
 * {@link RedisCluster} instead and configures the application as production does: cluster client, TLS trust, the
 * password of an ACL user read from a file the cluster rotates ({@link ClusterClientConfig}).
 *
 * Init args: {@code aof} (default true: a test that restarts Redis keeps what other tests of the same application
 * stored) turns append-only persistence on or off; {@code binary}
 * ({@code system}/{@code embedded}/path) overrides {@link RedisBinary#resolve()}.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@link RedisServer} field of the test class to receive the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectRedisServer {
    }

    /** Marks a {@link RedisCluster} field of the test class to receive the running cluster (cluster topology). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectRedisCluster {
    }

    /** {@code standalone} (the default) or {@code cluster}: which Redis the tests of this run get. */
    public static final String TOPOLOGY = "agentfleet.redis.topology";

    private RedisServer server;
    private RedisCluster cluster;
    private boolean aof;
    private String binary;

    @Override
    public void init(Map<String, String> initArgs) {
        aof = Boolean.parseBoolean(initArgs.getOrDefault("aof", "true"));
        binary = initArgs.get("binary");
    }

    /** True when this run's tests get a Redis Cluster ({@code -Dagentfleet.redis.topology=cluster}). */
    public static boolean clusterTopology() {
        return "cluster".equals(System.getProperty(TOPOLOGY, System.getenv().getOrDefault("AGENTFLEET_REDIS_TOPOLOGY", "standalone")));
    }

    @Override
    public Map<String, String> start() {
        if (clusterTopology()) {
            cluster = RedisCluster.builder().appendOnly(aof).start();
            return cluster.clientConfig();
        }
        RedisServer.Builder builder = RedisServer.builder().appendOnly(aof);
        if (binary != null) {
            String previous = System.getProperty(RedisBinary.PROPERTY);
            System.setProperty(RedisBinary.PROPERTY, binary);
            try {
                builder.binary(RedisBinary.resolve());
            } finally {
                if (previous == null) {
                    System.clearProperty(RedisBinary.PROPERTY);
                } else {
                    System.setProperty(RedisBinary.PROPERTY, previous);
                }
            }
        }
        server = builder.start();
        return Map.of("quarkus.redis.hosts", server.uri());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectRedisServer.class, RedisServer.class));
        testInjector.injectIntoFields(cluster, new TestInjector.AnnotatedAndMatchesType(InjectRedisCluster.class, RedisCluster.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
