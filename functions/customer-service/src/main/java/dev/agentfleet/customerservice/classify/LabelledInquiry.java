package dev.agentfleet.customerservice.classify;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One example of the shipped dataset ({@code inquiries/inquiries.csv}).
 *
 * @param template the phrasing it was composed from; the held-out split holds out whole phrasings
 */
@JsonPropertyOrder({ "template", "category", "sentiment", "text" })
@RegisterForReflection
public record LabelledInquiry(String template, String category, String sentiment, String text) {

    /** Every fifth phrasing of each category is held out for evaluation. */
    public boolean heldOut() {
        return Integer.parseInt(template.substring(template.lastIndexOf('-') + 1)) % 5 == 0;
    }
}
