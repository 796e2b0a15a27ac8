package dev.agentfleet.coordinator.run;

/** What makes a step move: the key of {@link StepTransition}'s table, with the step's current status. */
public enum StepEvent {
    /** Its dependencies allow it, its condition holds and its input was built: the first attempt starts. */
    START,
    /** A {@code wait} step is reached: it waits for its signal. */
    AWAIT,
    /** Its signal arrived (or had arrived before it was reached). */
    SIGNAL,
    /** Its signal did not arrive in time, and the step fails. */
    TIME_OUT,
    /** Its signal did not arrive in time, and the step goes on with its default payload. */
    DEFAULT,
    /** A {@code sleep} step is reached. */
    SLEEP,
    /** A {@code sleep} step's time has come. */
    WAKE,
    /** Its condition was false, or none of its {@code any} dependencies succeeded. */
    SKIP,
    /** Its input or condition failed at run time. */
    INPUT_FAILED,
    /** The attempt in flight answered successfully. */
    SUCCEED,
    /** The attempt failed and the retry policy allows another one later. */
    RETRY_LATER,
    /** The attempt failed for good. */
    FAIL,
    /** The primary function cannot answer (circuit open, or attempts spent on a retryable failure): the fallback's turn. */
    FALL_BACK,
    /** The backoff is over: the next attempt starts. */
    RETRY_NOW,
    /** The run failed or was cancelled before this step finished. */
    RUN_ENDED,
    /** The run is redriven: this step, failed, cancelled, skipped or undone, runs again under new attempt numbers. */
    REDRIVE,
    /** The run failed after this step completed: its compensation starts. */
    COMPENSATE,
    /** Its compensation succeeded. */
    COMPENSATION_SUCCEED,
    /** Its compensation failed for good. */
    COMPENSATION_FAIL
}
