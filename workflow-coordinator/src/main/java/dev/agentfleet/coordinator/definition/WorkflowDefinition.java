package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A workflow: a DAG of steps over the fleet's functions.
 *
 * @param name        lower-case words joined by dashes, e.g. {@code travel-planning}
 * @param version     the author's version label; a run is pinned to the definition's content hash, not to this
 * @param inputSchema JSON Schema (2020-12) the run's input must satisfy
 * @param deadline    optional: the whole run fails (and compensates) when not finished by then
 * @param steps       the steps, in any order; dependencies decide when each runs
 * @param output      jq over {@code {input, steps}} that builds the run's output; default {@code .steps}
 */
@RegisterForReflection
public record WorkflowDefinition(String name, String version, String description, JsonNode inputSchema, Duration deadline,
        List<StepDefinition> steps, String output) {

    public Optional<StepDefinition> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
