package dev.agentfleet.customerservice.resolve;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An inquiry to resolve.
 *
 * @param inquiry      what the customer wrote
 * @param category     the classified category, if known: it favours articles of that category
 * @param customerName to greet the customer by, if known
 */
@RegisterForReflection
public record ResolveRequest(@NotBlank @Size(max = 10_000) String inquiry,
        @Pattern(regexp = "billing|technical|account|shipping|cancellation|other",
                message = "must be one of billing, technical, account, shipping, cancellation, other") String category,
        @Size(max = 100) String customerName) {
}
