package dev.agentfleet.coordinator.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One entry of a run's history (the run's Redis stream).
 *
 * @param at         epoch ms
 * @param type       {@code run-started}, {@code cancel-requested}, or a {@link Transition#tag()}
 * @param step       the step, for step transitions
 * @param attempt    the attempt, for step transitions
 * @param failure    the failure that caused it, if any
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEvent(long at, String type, String step, Integer attempt, String from, String to, Failure failure) {

    public static HistoryEvent of(long at, Transition transition, String step, Integer attempt, Failure failure) {
        return new HistoryEvent(at, transition.tag(), step, attempt, transition.from(), transition.to(), failure);
    }
}
