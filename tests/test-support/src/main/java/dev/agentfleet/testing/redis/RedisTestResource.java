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

    private RedisServer server;
    private boolean aof;
    private String binary;

    @Override
    public void init(Map<String, String> initArgs) {
        aof = Boolean.parseBoolean(initArgs.getOrDefault("aof", "true"));
        binary = initArgs.get("binary");
    }

    @Override
    public Map<String, String> start() {
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
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
