package dev.agentfleet.coordinator.invoke;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;

/**
 * What one call to a function came to.
 *
 * @param output       the answer, on success
 * @param failure      why it failed, otherwise
 * @param retryAfterMs for {@link FailureKind#IN_FLIGHT}: when to deliver the same attempt again
 * @param nanos        how long the call took, for the overhead figures
 * @param circuitOpen  the call did not leave: the function's circuit is open (the failure is {@code unavailable})
 */
public record CallOutcome(JsonNode output, Failure failure, long retryAfterMs, long nanos, boolean circuitOpen) {

    public static CallOutcome success(JsonNode output, long nanos) {
        return new CallOutcome(output, null, 0, nanos, false);
    }

    public static CallOutcome failure(FailureKind kind, String message, Integer status, long nanos) {
        return new CallOutcome(null, new Failure(kind, message, status, null), 0, nanos, false);
    }

    public static CallOutcome inFlight(long retryAfterMs, long nanos) {
        return new CallOutcome(null, new Failure(FailureKind.IN_FLIGHT, "an earlier delivery is still running", 409, null), retryAfterMs,
                nanos, false);
    }

    /** The function's circuit is open: the call failed at once without leaving. */
    public static CallOutcome circuitOpen(String function) {
        return new CallOutcome(null, new Failure(FailureKind.UNAVAILABLE, "the circuit of " + function + " is open", null, null), 0, 0,
                true);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Whether the function looked unhealthy (counts against its circuit breaker); a refusal of the input does not. */
    public boolean countsAgainstBreaker() {
        return failure != null && failure.kind() != FailureKind.REJECTED && failure.kind() != FailureKind.IN_FLIGHT;
    }
}
