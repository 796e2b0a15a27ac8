package dev.agentfleet.coordinator.engine;

import dev.agentfleet.coordinator.invoke.CallOutcome;

/** Something that happened to a run, applied on the engine's event loop before the run's next commit. */
sealed interface EngineInput {

    /** A function answered (or failed to). */
    record CallResult(String step, int attempt, boolean compensation, CallOutcome outcome, long answeredAtNanos)
            implements EngineInput {
    }

    /** A timer came due. */
    record TimerFired(Timer timer) implements EngineInput {
    }

    /** Someone asked to cancel the run. */
    record CancelRequested() implements EngineInput {
    }

    /** The completion event reached the sink. */
    record Notified() implements EngineInput {
    }
}
