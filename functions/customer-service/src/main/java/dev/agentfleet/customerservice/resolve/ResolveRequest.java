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
 * @param fallback     when the model fails: {@code template} (the default) answers from the top article; {@code none}
 *                     answers 503, so the caller's own fallback decides and its history says so (the customer-service
 *                     workflow names {@code customer-service/template-answer})
 */
@RegisterForReflection
public record ResolveRequest(@NotBlank @Size(max = 10_000) String inquiry,
        @Pattern(regexp = "billing|technical|account|shipping|cancellation|other",
                message = "must be one of billing, technical, account, shipping, cancellation, other") String category,
        @Size(max = 100) String customerName,
        @Pattern(regexp = "template|none", message = "must be template or none") String fallback) {

    public ResolveRequest(String inquiry, String category, String customerName) {
        this(inquiry, category, customerName, null);
    }

    /** Whether a failing model answers 503 instead of falling back to the template here. */
    public boolean noFallback() {
        return "none".equals(fallback);
    }
}
