package dev.agentfleet.coordinator.engine.core;

import java.util.List;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.JoinMode;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.StepStatus;

/** Whether a pending step's dependencies let it start, make it skip, or keep it waiting. */
enum Readiness {
    WAIT, READY, SKIP;

    /**
     * {@code all} (the default): ready when every dependency succeeded or was skipped. {@code any}: ready as soon as one
     * succeeded; skipped when all settled without one succeeding.
     */
    static Readiness of(Run run, CompiledWorkflow.Step step) {
        List<String> deps = step.definition().dependsOn();
        if (deps.isEmpty()) {
            return READY;
        }
        if (step.definition().join() == JoinMode.ANY) {
            boolean allSettled = true;
            for (String d : deps) {
                StepStatus st = run.step(d).status();
                if (st == StepStatus.SUCCEEDED) {
                    return READY;
                }
                allSettled &= st.isSettled();
            }
            return allSettled ? SKIP : WAIT;
        }
        for (String d : deps) {
            StepStatus st = run.step(d).status();
            if (st != StepStatus.SUCCEEDED && st != StepStatus.SKIPPED) {
                return WAIT;
            }
        }
        return READY;
    }
}
