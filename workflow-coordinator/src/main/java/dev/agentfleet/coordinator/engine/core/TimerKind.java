package dev.agentfleet.coordinator.engine.core;

/**
 * What a run waits for. The durable side of each is in the run's state in Redis (a step's {@code retryAt} or
 * {@code wakeAt}, an attempt's start plus its timeout, the run's {@code deadlineAt}), so {@link Input.TakenOver} rebuilds
 * every one of them.
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
    /** A {@code wait} step's timeout or a {@code sleep} step's end (its {@code wakeAt}). */
    WAKE,
    /** The run's deadline. */
    DEADLINE,
    /** Send the completion event again. */
    NOTIFY
}
