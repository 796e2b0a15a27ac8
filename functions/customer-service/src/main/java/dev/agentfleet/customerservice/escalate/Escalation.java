package dev.agentfleet.customerservice.escalate;

import java.time.Duration;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A ticket in a team's queue.
 *
 * @param ticketId       stable for the same inquiry, category and reason
 * @param queue          the team's queue, e.g. {@code billing-team}
 * @param respondWithin  the response target for the priority: urgent 1 h, high 4 h, medium 24 h, low 72 h
 */
@RegisterForReflection
public record Escalation(String ticketId, String queue, String priority, Duration respondWithin, String reason) {
}
