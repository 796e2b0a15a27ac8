package dev.agentfleet.coordinator.engine;

/**
 * A moment a run waits for. The durable side of every timer is in the run's state in Redis (a step's {@code retryAt},
 * an attempt's start plus its timeout, the run's {@code deadlineAt}); these in-memory ones are rebuilt from it when a
 * replica takes a run over, so none is lost to a crash or a scale to zero.
 *
 * <p>A timer names its run (id and the {@link LiveRun#generation} it was set for) rather than holding it: most timers
 * outlive their purpose (an attempt answered long before its timeout) and must not keep finished runs in memory.
 */
record Timer(long due, String runId, long generation, Kind kind, String step, int attempt) {

    enum Kind {
        /** An attempt's timeout. */
        STEP_TIMEOUT,
        /** The backoff before the next attempt is over. */
        RETRY,
        /** Deliver the same attempt again (the function answered 409: an earlier delivery is still running). */
        REDISPATCH,
        COMPENSATION_TIMEOUT,
        COMPENSATION_RETRY,
        COMPENSATION_REDISPATCH,
        /** The run's deadline. */
        DEADLINE,
        /** Try the completion event again. */
        NOTIFY
    }
}
