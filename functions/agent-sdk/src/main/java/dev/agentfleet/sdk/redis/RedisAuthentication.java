package dev.agentfleet.sdk.redis;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import io.quarkus.arc.ClientProxy;
import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnectOptions;
import io.vertx.redis.client.RedisOptions;

/**
 * Gives every new Redis connection the current password from {@link RedisTokens}: the first one when the client is
 * created, and a fresh one every {@code agentfleet.sdk.redis.auth.refresh}, so connections the pool opens after a token
 * expired still authenticate while those already open carry on (Memorystore checks the token only at AUTH).
 *
 * <p>Why it reaches into the client: Vert.x' Redis client 4.5 (Quarkus 3.32) copies the options it is created with
 * and offers no credentials provider (Vert.x 5 takes a {@code Supplier<Future<RedisConnectOptions>>}), but it reads the
 * password of its connect options, a volatile field, at every new connection. So the refresh sets the password on the
 * client's own connect options, found once at start-up by reflection. Should a client version move them, start-up says
 * so in one line and {@link RedisReadiness} reports it, rather than failing an hour later.
 */
@ApplicationScoped
@RegisterForReflection(classNames = { "io.quarkus.redis.runtime.client.ObservableRedis", "io.vertx.redis.client.impl.BaseRedisClient",
    "io.vertx.redis.client.impl.RedisConnectionManager" }, fields = true, methods = false)
public class RedisAuthentication implements RedisOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(RedisAuthentication.class);

    private final RedisTokens tokens;
    private final AgentSdkConfig config;
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile RedisConnectOptions live;

    RedisAuthentication(AgentSdkConfig config) {
        this.config = config;
        this.tokens = RedisTokens.of(config.redis().auth());
    }

    /** The first password, when Quarkus creates the client. */
    @Override
    public void customize(String clientName, RedisOptions options) {
        if (tokens == null) {
            return;
        }
        try {
            options.setPassword(tokens.current().value());
            problem.set(null);
        } catch (Exception e) {
            fail("no Redis password from " + tokens.setting() + ": " + e.getMessage());
        }
    }

    void start(@Observes StartupEvent event, Instance<Redis> redis, Vertx vertx) {
        if (tokens == null) {
            return;
        }
        live = connectOptions(redis.get());
        if (live == null) {
            fail("the Redis client offers no way to renew its password (Vert.x " + Redis.class.getPackage().getImplementationVersion()
                    + "): new connections after the first token expires would be refused");
            return;
        }
        vertx.setPeriodic(config.redis().auth().refresh().toMillis(), id -> vertx.executeBlocking(() -> {
            refresh();
            return null;
        }, false));
    }

    /** Fetches the current password and gives it to connections opened from now on. */
    void refresh() {
        try {
            String password = tokens.current().value();
            if (live != null) {
                live.setPassword(password);
            }
            if (problem.getAndSet(null) != null) {
                LOG.infof("Redis password from %s is available again", tokens.setting());
            }
        } catch (Exception e) {
            fail("no Redis password from " + tokens.setting() + ": " + e.getMessage());
        }
    }

    /** What keeps new connections from authenticating, for readiness; null when nothing does. */
    public String problem() {
        return problem.get();
    }

    private void fail(String why) {
        if (!why.equals(problem.getAndSet(why))) {
            LOG.error(why); // once per distinct problem, not at every refresh
        }
    }

    /** The connect options the client reads at every new connection (through Quarkus' metrics wrapper, if any). */
    private static RedisConnectOptions connectOptions(Redis client) {
        try {
            Object target = ClientProxy.unwrap(client);
            Field wrapped = field(target.getClass(), "redis");
            if (wrapped != null && Redis.class.isAssignableFrom(wrapped.getType())) {
                target = wrapped.get(target);
            }
            Field manager = field(target.getClass(), "connectionManager");
            if (manager == null) {
                return null;
            }
            Object connectionManager = manager.get(target);
            Field options = field(connectionManager.getClass(), "connectOptions");
            return options == null ? null : (RedisConnectOptions) options.get(connectionManager);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("Redis connect options not found: %s", e);
            return null;
        }
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException ignored) {
                // look in the superclass
            }
        }
        return null;
    }
}
