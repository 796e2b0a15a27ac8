package dev.agentfleet.coordinator.engine.core;

import dev.agentfleet.coordinator.invoke.CallOutcome;

/** Something that happened to a run: what {@link RunCore#decide} takes. Plain data, no behaviour. */
public sealed interface Input {

    /** The run was just created by this replica: nothing is in flight yet. */
    record Started() implements Input {
    }

    /** The run was read back from Redis (a takeover, a start another replica queued, a reload): resume what it holds. */
    record TakenOver() implements Input {
    }

    /** A function answered (or failed to) the call of an attempt or of a compensation attempt. */
    record CallAnswered(String step, int attempt, boolean compensation, CallOutcome outcome, long answeredAtNanos)
            implements Input {
    }

    /** The child run of a sub-workflow step's attempt (or a map item's, {@code step} its address) was started or found. */
    record ChildLinked(String step, int attempt, String child) implements Input {
    }

    /** A timer the core asked for came due. */
    record TimerFired(TimerKind kind, String step, int attempt) implements Input {
    }

    /**
     * What people asked of the run (cancel, pause, resume, signals), as its hash holds it now: read again by the owner
     * when the partition's control list names the run.
     */
    record ControlsChanged(dev.agentfleet.coordinator.run.Controls controls) implements Input {
    }

    /** The sink accepted the run's completion event. */
    record Notified() implements Input {
    }

    /**
     * Deciding this run threw (a bug, or state the coordinator cannot follow): it fails with {@code failure}, compensating
     * what completed, or, when failing it threw as well ({@code asItStands}), without another call.
     */
    record Failed(dev.agentfleet.coordinator.run.Failure failure, boolean asItStands) implements Input {
    }
}
