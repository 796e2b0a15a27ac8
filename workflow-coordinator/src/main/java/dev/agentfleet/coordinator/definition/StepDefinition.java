package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One step of a workflow.
 *
 * @param id           unique within the workflow; names its output in later jq expressions ({@code .steps.<id>.output})
 * @param function     the capability function it calls, as {@code <service>/<function>}, e.g. {@code weather/forecast}
 * @param dependsOn    steps that must finish first
 * @param join         with several dependencies: wait for all (default) or any
 * @param input        jq over {@code {input, steps}} that builds the call's input; default {@code .input}
 * @param when         optional jq condition; a false or null result skips the step
 * @param timeout      per attempt
 * @param retry        what happens when an attempt fails
 * @param compensation optional step that undoes this one when the run fails after it completed
 */
@RegisterForReflection
public record StepDefinition(String id, String function, List<String> dependsOn, JoinMode join, String input, String when,
        Duration timeout, RetryPolicy retry, Compensation compensation) {

    /**
     * The undo of a completed step.
     *
     * @param function the function that undoes it
     * @param input    jq over {@code {input, steps}}, where {@code .steps.<id>.output} is the completed step's output
     */
    @RegisterForReflection
    public record Compensation(String function, String input) {
    }
}
