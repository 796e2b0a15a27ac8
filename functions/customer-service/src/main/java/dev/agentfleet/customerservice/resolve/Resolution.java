package dev.agentfleet.customerservice.resolve;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A drafted answer.
 *
 * @param resolution     the text to send the customer
 * @param path           {@code model} (the model drafted it from the articles) or {@code template} (built from the top
 *                       article's steps)
 * @param model          the model's name on the model path
 * @param fallbackReason why the template was used although a model is configured
 * @param articles       the articles it rests on, best first, with their BM25 scores
 * @param escalate       true when no article matched: a person should answer
 */
@RegisterForReflection
public record Resolution(String resolution, String path, String model, String fallbackReason, List<Citation> articles, boolean escalate) {

    @RegisterForReflection
    public record Citation(String id, String title, double score) {
    }
}
