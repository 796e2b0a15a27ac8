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
 */
public record CallOutcome(JsonNode output, Failure failure, long retryAfterMs, long nanos) {

    public static CallOutcome success(JsonNode output, long nanos) {
        return new CallOutcome(output, null, 0, nanos);
    }

    public static CallOutcome failure(FailureKind kind, String message, Integer status, long nanos) {
        return new CallOutcome(null, new Failure(kind, message, status, null), 0, nanos);
    }

    public static CallOutcome inFlight(long retryAfterMs, long nanos) {
        return new CallOutcome(null, new Failure(FailureKind.IN_FLIGHT, "an earlier delivery is still running", 409, null), retryAfterMs, nanos);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Whether the function looked unhealthy (counts against its circuit breaker); a refusal of the input does not. */
    public boolean countsAgainstBreaker() {
        return failure != null && failure.kind() != FailureKind.REJECTED && failure.kind() != FailureKind.IN_FLIGHT;
    }
}
