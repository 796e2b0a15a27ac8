package dev.agentfleet.coordinator.engine.core;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.run.Run;

/**
 * A run as the core decides over it: its durable state, the definition it is pinned to, and the jq scope of the
 * current round (what expressions see: {@code {input, steps: {<id>: {status, output}}}} of the settled steps), built
 * once and kept until a step enters or leaves a settled state, so a fan-out starts a hundred steps on one scope.
 */
public final class RunState {

    private final Run run;
    private final CompiledWorkflow workflow;
    private JsonNode scope;

    public RunState(Run run, CompiledWorkflow workflow) {
        this.run = run;
        this.workflow = workflow;
    }

    public Run run() {
        return run;
    }

    public CompiledWorkflow workflow() {
        return workflow;
    }

    JsonNode scope() {
        if (scope == null) {
            Map<String, JsonNode> outputs = new HashMap<>();
            Map<String, String> statuses = new HashMap<>();
            run.steps().forEach((id, s) -> {
                if (s.status().isSettled()) {
                    statuses.put(id, s.status().name());
                    outputs.put(id, run.output(id));
                }
            });
            scope = CompiledWorkflow.scope(run.input(), outputs, statuses);
        }
        return scope;
    }

    void scopeChanged() {
        scope = null;
    }
}
