package dev.agentfleet.coordinator.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Why an attempt, a step or a run failed.
 *
 * @param kind    for attempts the retry policy's kinds ({@code timeout}, {@code unavailable}, {@code server-error},
 *                {@code rate-limited}) or {@code rejected} (a 4xx answer), {@code input} (a jq error); for runs also
 *                {@code step-failed}, {@code deadline}, {@code cancelled}, {@code output}
 * @param message what happened, for people
 * @param status  the function's HTTP status, when it answered
 * @param step    the step at fault, for run failures
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Failure(String kind, String message, Integer status, String step) {

    public static Failure of(String kind, String message) {
        return new Failure(kind, message, null, null);
    }

    public Failure atStep(String stepId) {
        return new Failure(kind, message, status, stepId);
    }
}
