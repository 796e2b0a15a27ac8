package dev.agentfleet.coordinator.run;

/** Where a step is; {@link StepTransition} is the table of the moves between these. */
public enum StepStatus {
    /** Waiting for its dependencies (or for a free slot under the concurrency limits). */
    PENDING,
    /** An attempt is in flight. */
    RUNNING,
    /** An attempt failed with a retryable failure; the next one starts at {@code retryAt}. */
    WAITING_RETRY,
    /** A {@code wait} step: waiting for its signal, until {@code wakeAt} (its timeout). */
    WAITING,
    /** A {@code sleep} step: sleeping until {@code wakeAt}. */
    SLEEPING,
    SUCCEEDED,
    FAILED,
    /** Its {@code when} condition was false, or none of its {@code any} dependencies succeeded. */
    SKIPPED,
    /** The run failed or was cancelled before this step finished. */
    CANCELLED,
    /** Its compensation is in flight. */
    COMPENSATING,
    COMPENSATED,
    COMPENSATION_FAILED;

    /** Finished as far as the forward path is concerned: nothing more will run for it unless the run compensates. */
    public boolean isSettled() {
        return this != PENDING && this != RUNNING && this != WAITING_RETRY && this != WAITING && this != SLEEPING;
    }
}
