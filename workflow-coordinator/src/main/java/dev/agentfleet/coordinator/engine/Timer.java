package dev.agentfleet.coordinator.engine;

/**
 * A moment a run waits for. The durable side of every timer is in the run's state in Redis (a step's {@code retryAt},
 * an attempt's start plus its timeout, the run's {@code deadlineAt}); these in-memory ones are rebuilt from it when a
 * replica takes a run over, so none is lost to a crash or a scale to zero.
 */
record Timer(long due, LiveRun run, Kind kind, String step, int attempt) {

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
