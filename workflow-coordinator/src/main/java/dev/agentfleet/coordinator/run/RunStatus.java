package dev.agentfleet.coordinator.run;

/**
 * Where a run is; {@link RunTransition} is the table of the moves between these. A run that fails or is cancelled after
 * some steps completed compensates them first. A PAUSED run starts nothing new (no attempt, no retry, no wait or sleep
 * ends) but records what was in flight, and its deadline keeps running.
 */
public enum RunStatus {
    RUNNING, PAUSED, COMPENSATING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
