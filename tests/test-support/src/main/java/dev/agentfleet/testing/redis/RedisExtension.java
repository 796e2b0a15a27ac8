package dev.agentfleet.testing.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real {@code redis-server} for plain JUnit 5 tests (no Quarkus): one per test class, stopped after it.
 *
 * <pre>{@code
 * @ExtendWith(RedisExtension.class)
 * class MyStoreTest {
 *     @Test void storesThings(RedisServer redis) { ... redis.uri() ... }
 * }
 * }</pre>
 *
 * The server runs with append-only persistence on, so tests may {@link RedisServer#restart()} it.
 */
public class RedisExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Stored on the class context, so it is closed after the class and found from every test method.
        context.getStore(NAMESPACE).getOrComputeIfAbsent("server",
                key -> new Resource(RedisServer.builder().appendOnly(true).start()), Resource.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    private static RedisServer server(ExtensionContext context) {
        Resource resource = context.getStore(NAMESPACE).get("server", Resource.class);
        if (resource == null) {
            throw new IllegalStateException("RedisExtension must be registered on the test class");
        }
        return resource.server();
    }

    private record Resource(RedisServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
