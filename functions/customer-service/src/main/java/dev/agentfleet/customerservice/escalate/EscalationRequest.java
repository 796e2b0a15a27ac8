package dev.agentfleet.customerservice.escalate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An inquiry to hand to a person.
 *
 * @param category the classified category; picks the team's queue
 * @param priority low, medium, high or urgent; sets the response target
 * @param reason   why automation gave up
 */
@RegisterForReflection
public record EscalationRequest(
        @NotBlank @Size(max = 10_000) String inquiry,
        @Pattern(regexp = "billing|technical|account|shipping|cancellation|other",
                message = "must be one of billing, technical, account, shipping, cancellation, other") String category,
        @Pattern(regexp = "low|medium|high|urgent", message = "must be low, medium, high or urgent") String priority,
        @NotBlank @Size(max = 500) String reason) {
}
