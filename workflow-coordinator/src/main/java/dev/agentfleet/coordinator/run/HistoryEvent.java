package dev.agentfleet.coordinator.run;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One entry of a run's history (the run's Redis stream).
 *
 * @param at         epoch ms
 * @param type       the {@link Transition#tag()} of the move: {@code run-started}, {@code step-retried}, ...
 * @param step       the step, for step transitions
 * @param attempt    the attempt, for step transitions
 * @param failure    the failure that caused it, if any
 * @param by         who asked for it, for moves a person or a sender asks for (signals, pause, resume, cancel)
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEvent(long at, String type, String step, Integer attempt, String from, String to, Failure failure,
        String by) {

    /** A step's move, {@code from} and {@code to} as the table has them. */
    public static HistoryEvent of(long at, StepTransition transition, String step, Integer attempt, Failure failure) {
        return new HistoryEvent(at, transition.tag(), step, attempt, transition.from().name(), transition.to().name(), failure, null);
    }

    /** A run's move; {@code from} is absent for {@link RunTransition#RUN_STARTED}. */
    public static HistoryEvent of(long at, RunTransition transition, String step, Integer attempt, Failure failure) {
        return new HistoryEvent(at, transition.tag(), step, attempt, transition.from() == null ? null : transition.from().name(),
                transition.to().name(), failure, null);
    }

    /** The same entry, naming who asked for it. */
    public HistoryEvent by(String who) {
        return new HistoryEvent(at, type, step, attempt, from, to, failure, who);
    }
}
