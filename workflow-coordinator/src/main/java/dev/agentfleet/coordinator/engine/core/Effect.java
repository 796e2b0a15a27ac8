package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the loop around {@link RunCore} does once a decision is committed (never before: a crash in between leaves a
 * state another replica resumes from, and the functions deduplicate what is sent again).
 */
public sealed interface Effect {

    /**
     * Send an attempt's call: delivery key {@code <runId>/<step>/<attempt>}. {@code again} when the attempt was already
     * committed (a takeover, a 409 from the function): same key, nothing new.
     */
    record StartCall(String step, String function, int attempt, JsonNode input, Duration timeout, boolean again) implements Effect {
    }

    /** Send a compensation attempt's call: delivery key {@code <runId>/<step>/compensate/<attempt>}. */
    record StartCompensation(String step, String function, int attempt, JsonNode input, Duration timeout) implements Effect {
    }

    /** Abandon the call in flight for a step (its compensation's, when {@code compensation}). */
    record CancelCall(String step, boolean compensation) implements Effect {
    }

    /** Wake the run at {@code due} (epoch ms) with {@link Input.TimerFired}. */
    record ScheduleTimer(TimerKind kind, long due, String step, int attempt) implements Effect {
    }

    /** Tell the function's circuit breaker how a call went. */
    record RecordCall(String function, boolean healthy) implements Effect {
    }

    /** Send the run's completion event to the sink; {@link Input.Notified} follows when the sink accepted it. */
    record EmitCompletion() implements Effect {
    }

    /** The run is done with here: it leaves the active set and its keys expire after the retention. */
    record Retire() implements Effect {
    }
}
