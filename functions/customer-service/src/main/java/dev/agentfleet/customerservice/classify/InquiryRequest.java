package dev.agentfleet.customerservice.classify;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A customer's message.
 *
 * @param text    what they wrote
 * @param subject the e-mail subject or ticket title, if any; classified together with the text
 */
@RegisterForReflection
public record InquiryRequest(@NotBlank @Size(max = 10_000) String text, @Size(max = 500) String subject) {

    public String fullText() {
        return subject == null || subject.isBlank() ? text : subject + ". " + text;
    }
}
