package dev.agentfleet.coordinator.run;

/**
 * Where a run is; {@link RunTransition} is the table of the moves between these. A run that fails or is cancelled after
 * some steps completed compensates them first.
 */
public enum RunStatus {
    RUNNING, COMPENSATING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
