package dev.agentfleet.coordinator.definition;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A definition as the registry holds it.
 *
 * @param hash         {@code sha256:<hex>} of the definition's canonical JSON: what a run is pinned to
 * @param registeredAt when this content was first registered
 */
@RegisterForReflection
public record RegisteredDefinition(String name, String version, String hash, Instant registeredAt, WorkflowDefinition definition) {
}
