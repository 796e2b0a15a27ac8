package dev.agentfleet.coordinator.engine.core;

/**
 * What a run waits for. The durable side of each is in the run's state in Redis (a step's {@code retryAt}, an attempt's
 * start plus its timeout, the run's {@code deadlineAt}), so {@link Input.TakenOver} rebuilds every one of them.
 */
public enum TimerKind {
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
    /** Send the completion event again. */
    NOTIFY
}
