package dev.agentfleet.coordinator.invoke;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.run.Failure;

/**
 * What one call to a function came to.
 *
 * @param output       the answer, on success
 * @param failure      why it failed, otherwise
 * @param retryAfterMs for {@link #IN_FLIGHT}: when to deliver the same attempt again
 * @param nanos        how long the call took, for the overhead figures
 */
public record CallOutcome(JsonNode output, Failure failure, long retryAfterMs, long nanos) {

    /** The function is still executing an earlier delivery of the same idempotency key (409 + Retry-After). */
    public static final String IN_FLIGHT = "in-flight";
    /** A 4xx answer: the function refused the input; never retried. */
    public static final String REJECTED = "rejected";

    public static CallOutcome success(JsonNode output, long nanos) {
        return new CallOutcome(output, null, 0, nanos);
    }

    public static CallOutcome failure(String kind, String message, Integer status, long nanos) {
        return new CallOutcome(null, new Failure(kind, message, status, null), 0, nanos);
    }

    public static CallOutcome inFlight(long retryAfterMs, long nanos) {
        return new CallOutcome(null, new Failure(IN_FLIGHT, "an earlier delivery is still running", 409, null), retryAfterMs, nanos);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Whether the function looked unhealthy (counts against its circuit breaker); a refusal of the input does not. */
    public boolean countsAgainstBreaker() {
        return failure != null && !failure.kind().equals(REJECTED) && !failure.kind().equals(IN_FLIGHT);
    }
}
