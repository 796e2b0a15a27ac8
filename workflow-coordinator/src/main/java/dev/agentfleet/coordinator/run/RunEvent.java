package dev.agentfleet.coordinator.run;

/** What makes a run move: the key of {@link RunTransition}'s table, with the run's current status. */
public enum RunEvent {
    /** The run is created. */
    START,
    /** Someone asked to cancel it (the owner acts on it in its next round). */
    REQUEST_CANCEL,
    /** Someone asked to pause it, or (while RUNNING) withdrew such a request; the owner acts on it. */
    REQUEST_PAUSE,
    /** Someone asked to resume it. */
    REQUEST_RESUME,
    /** A signal for it was received and kept (its {@code wait} step consumes it, now or when reached). */
    RECEIVE_SIGNAL,
    /** An admin asked to continue it from where it failed or was cancelled. */
    REQUEST_REDRIVE,
    /** The owner continues it, as asked: failed, cancelled, skipped and undone steps run again. */
    REDRIVE,
    /** The owner pauses it, as asked. */
    PAUSE,
    /** The owner resumes it, as asked. */
    RESUME,
    /** Every step succeeded or was skipped, and the output was built. */
    COMPLETE,
    /** It fails or is cancelled with completed steps to undo: compensation starts. */
    UNDO,
    /** It fails (or, compensating, its compensations are over and it had failed). */
    FAIL,
    /** It is cancelled (or, compensating, its compensations are over and it had been cancelled). */
    CANCEL
}
