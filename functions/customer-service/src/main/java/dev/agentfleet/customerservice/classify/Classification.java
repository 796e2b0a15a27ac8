package dev.agentfleet.customerservice.classify;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How an inquiry is classified.
 *
 * @param category   billing, technical, account, shipping, cancellation or other
 * @param priority   low, medium, high or urgent (see {@link InquiryClassifier} for the rule)
 * @param sentiment  negative, neutral or positive
 * @param confidence the classifier's probability for the category, 0..1
 * @param categories every category's probability, most likely first
 * @param reasons    what set the priority
 */
@RegisterForReflection
public record Classification(String category, String priority, String sentiment, double confidence, Map<String, Double> categories,
        List<String> reasons) {
}
