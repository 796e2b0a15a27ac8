package dev.agentfleet.coordinator.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

/**
 * Registers the workflows shipped in {@code src/main/resources/workflows/} at start-up: travel-planning,
 * customer-service and security-triage. Registering is idempotent, so every replica may do it.
 */
@ApplicationScoped
public class SeedWorkflows {

    private static final Logger LOG = Logger.getLogger(SeedWorkflows.class);

    /** The shipped definitions, in {@code workflows/<name>.yaml}. */
    public static final List<String> NAMES = List.of("travel-planning", "customer-service", "security-triage");

    void onStart(@Observes StartupEvent event, DefinitionRegistry registry) {
        for (String name : NAMES) {
            try {
                DefinitionRegistry.Registration r = registry.register(document(name));
                LOG.infof("seed workflow %s %s: %s (%s)", name, r.definition().version(), r.outcome(), r.definition().hash());
            } catch (RuntimeException e) {
                // Redis may not be up yet; the seeds can be registered later through the API.
                String why = e instanceof dev.agentfleet.sdk.problem.ProblemException p && p.problem().errors() != null
                        ? p.problem().errors().stream().map(f -> f.field() + " " + f.message()).toList().toString() : "";
                LOG.warnf("seed workflow %s not registered: %s %s", name, e.getMessage(), why);
            }
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
