package dev.agentfleet.coordinator.run;

/**
 * A move of a state machine's table ({@link StepTransition}, {@link RunTransition}, the circuit breaker's): counted as
 * {@code agentfleet.workflow.transitions{transition}} and, for runs and steps, written to the run's history under
 * {@link #tag()}.
 */
public interface Transition {

    /** The metric tag and history name, e.g. {@code step-started}. */
    String tag();

    /** {@code STEP_STARTED} as {@code step-started}. */
    static String tagOf(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
