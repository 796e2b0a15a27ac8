package dev.agentfleet.coordinator.run;

/**
 * Every move the engine makes, for runs, steps and circuit breakers. Each one is counted
 * ({@code agentfleet.workflow.transitions{transition}}) and written to the run's history; the engine tests fail if one
 * of them is never taken.
 */
public enum Transition {
    STEP_STARTED(Entity.STEP, "PENDING", "RUNNING"),
    STEP_SKIPPED(Entity.STEP, "PENDING", "SKIPPED"),
    /** Its input or {@code when} expression failed at run time (jq error): nothing to retry. */
    STEP_INPUT_FAILED(Entity.STEP, "PENDING", "FAILED"),
    STEP_NOT_REACHED(Entity.STEP, "PENDING", "CANCELLED"),
    STEP_SUCCEEDED(Entity.STEP, "RUNNING", "SUCCEEDED"),
    STEP_RETRY_SCHEDULED(Entity.STEP, "RUNNING", "WAITING_RETRY"),
    STEP_FAILED(Entity.STEP, "RUNNING", "FAILED"),
    STEP_ABANDONED(Entity.STEP, "RUNNING", "CANCELLED"),
    STEP_RETRIED(Entity.STEP, "WAITING_RETRY", "RUNNING"),
    STEP_RETRY_ABANDONED(Entity.STEP, "WAITING_RETRY", "CANCELLED"),
    STEP_COMPENSATION_STARTED(Entity.STEP, "SUCCEEDED", "COMPENSATING"),
    STEP_COMPENSATED(Entity.STEP, "COMPENSATING", "COMPENSATED"),
    STEP_COMPENSATION_FAILED(Entity.STEP, "COMPENSATING", "COMPENSATION_FAILED"),

    RUN_SUCCEEDED(Entity.RUN, "RUNNING", "SUCCEEDED"),
    RUN_COMPENSATING(Entity.RUN, "RUNNING", "COMPENSATING"),
    RUN_FAILED(Entity.RUN, "RUNNING", "FAILED"),
    RUN_CANCELLED(Entity.RUN, "RUNNING", "CANCELLED"),
    RUN_COMPENSATED_FAILED(Entity.RUN, "COMPENSATING", "FAILED"),
    RUN_COMPENSATED_CANCELLED(Entity.RUN, "COMPENSATING", "CANCELLED"),

    CIRCUIT_OPENED(Entity.CIRCUIT, "closed", "open"),
    CIRCUIT_HALF_OPENED(Entity.CIRCUIT, "open", "half-open"),
    CIRCUIT_CLOSED(Entity.CIRCUIT, "half-open", "closed"),
    CIRCUIT_REOPENED(Entity.CIRCUIT, "half-open", "open");

    /** What moves. */
    public enum Entity { RUN, STEP, CIRCUIT }

    private final Entity entity;
    private final String from;
    private final String to;
    private final String tag;
    private final boolean movesSettledStep;

    Transition(Entity entity, String from, String to) {
        this.entity = entity;
        this.from = from;
        this.to = to;
        this.tag = name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        this.movesSettledStep = entity == Entity.STEP
                && (StepStatus.valueOf(from).isSettled() || StepStatus.valueOf(to).isSettled());
    }

    public Entity entity() {
        return entity;
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    /** The metric tag and history name, e.g. {@code step-started}. */
    public String tag() {
        return tag;
    }

    /** Whether a step enters or leaves a settled state: what jq expressions see of the run changes. */
    public boolean movesSettledStep() {
        return movesSettledStep;
    }

    /** The circuit transition between two breaker states, if there is one. */
    public static java.util.Optional<Transition> circuit(String from, String to) {
        for (Transition t : values()) {
            if (t.entity == Entity.CIRCUIT && t.from.equals(from) && t.to.equals(to)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
