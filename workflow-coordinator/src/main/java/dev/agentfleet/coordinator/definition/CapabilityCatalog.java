package dev.agentfleet.coordinator.definition;

import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.CoordinatorConfig;

/** The capability functions workflows may call ({@code agentfleet.coordinator.functions}): unknown ones are rejected at registration. */
@ApplicationScoped
public class CapabilityCatalog {

    private final Set<String> functions;

    @jakarta.inject.Inject
    CapabilityCatalog(CoordinatorConfig config) {
        this(config.functions());
    }

    CapabilityCatalog(Set<String> functions) {
        this.functions = new TreeSet<>(functions);
    }

    public boolean knows(String function) {
        return functions.contains(function);
    }

    public Set<String> functions() {
        return functions;
    }
}
