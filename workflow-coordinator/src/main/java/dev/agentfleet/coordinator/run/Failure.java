package dev.agentfleet.coordinator.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why an attempt, a step or a run failed.
 *
 * @param kind    what kind of failure (written by its wire name: {@code timeout}, {@code step-failed}, ...)
 * @param message what happened, for people
 * @param status  the function's HTTP status, when it answered
 * @param step    the step at fault, for run failures
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Failure(FailureKind kind, String message, Integer status, String step) {

    public static Failure of(FailureKind kind, String message) {
        return new Failure(kind, message, null, null);
    }

    public Failure atStep(String stepId) {
        return new Failure(kind, message, status, stepId);
    }
}
