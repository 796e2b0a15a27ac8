package dev.agentfleet.coordinator.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.sdk.redis.OutageLog;
import dev.agentfleet.sdk.redis.RedisFailures;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Registers the workflows shipped in {@code src/main/resources/workflows/} at start-up: travel-planning,
 * customer-service and security-triage, on a worker while the server opens ({@link SeedGate} holds readiness and
 * look-ups of a seed until it has tried them all). Registering is idempotent, so every replica may do it; every
 * {@code seed-check-interval} each replica registers again any seed Redis no longer holds.
 */
@ApplicationScoped
public class SeedWorkflows {

    private static final Logger LOG = Logger.getLogger(SeedWorkflows.class);
    /** Redis down at start-up fails every seed alike: one line, not one per seed. */
    private static final OutageLog UNAVAILABLE = new OutageLog(LOG, java.time.Duration.ofMinutes(1));

    /** The shipped definitions, in {@code workflows/<name>.yaml}. */
    public static final List<String> NAMES = List.of("travel-planning", "customer-service", "security-triage");

    private final SeedGate gate;

    SeedWorkflows(SeedGate gate) {
        this.gate = gate;
    }

    void onStart(@Observes StartupEvent event, DefinitionRegistry registry, Vertx vertx, CoordinatorConfig config) {
        vertx.executeBlocking(() -> {
            for (String name : NAMES) {
                gate.record(name, register(registry, name, false));
            }
            return null;
        }, false).onComplete(done -> gate.open());
        vertx.setPeriodic(config.seedCheckInterval().toMillis(), id -> vertx.executeBlocking(() -> ensure(registry), false));
    }

    /** Registers the seeds Redis does not hold (data lost since start-up); answers how many it registered. */
    int ensure(DefinitionRegistry registry) {
        int registered = 0;
        try {
            List<String> missing = registry.unregistered(NAMES);
            for (String name : missing) {
                boolean ok = register(registry, name, true);
                gate.record(name, ok);
                registered += ok ? 1 : 0;
            }
        } catch (RuntimeException e) {
            LOG.debugf("seed workflows not checked: %s", e.getMessage());
        }
        return registered;
    }

    private static boolean register(DefinitionRegistry registry, String name, boolean wasLost) {
        try {
            DefinitionRegistry.Registration r = registry.register(document(name));
            if (wasLost) {
                LOG.warnf("seed workflow %s was missing from Redis (its data was lost?): registered %s again (%s)", name,
                        r.definition().version(), r.definition().hash());
            } else {
                LOG.infof("seed workflow %s %s: %s (%s)", name, r.definition().version(), r.outcome(), r.definition().hash());
            }
            return true;
        } catch (RuntimeException e) {
            // Redis may not be up yet; the periodic check registers the seeds once it is.
            String why = e instanceof dev.agentfleet.sdk.problem.ProblemException p && p.problem().errors() != null
                    ? p.problem().errors().stream().map(f -> f.field() + " " + f.message()).toList().toString() : "";
            if (RedisFailures.isUnavailable(e)) {
                UNAVAILABLE.warn("seed workflows not registered yet, Redis does not answer (" + RedisFailures.describe(e)
                        + "); they are registered once it does");
            } else {
                LOG.warnf("seed workflow %s not registered: %s %s", name, e.getMessage(), why);
            }
            return false;
        }
    }

    public static byte[] document(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("workflows/" + name + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("missing workflows/" + name + ".yaml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
