package dev.agentfleet.dataanalysis.quality;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How good a resolution is, with the reasons.
 *
 * @param score       overall 0..1: 0.4 coverage + 0.2 readability + 0.2 steps + 0.2 policy (0 on any violation)
 * @param acceptable  {@code score >= pass-score} and no policy violation
 * @param coverage    how many of the inquiry's key terms the resolution addresses
 * @param readability Flesch reading ease of the resolution
 * @param steps       whether it gives concrete steps
 * @param violations  policy rules it breaks
 * @param reasons     each finding in a sentence, worst first
 */
@RegisterForReflection
public record QualityAssessment(double score, boolean acceptable, Coverage coverage, Readability readability, Steps steps,
        List<PolicyViolation> violations, List<String> reasons) {

    /** Key terms of the inquiry (stop words removed, compared by stem), as the customer wrote them. */
    @RegisterForReflection
    public record Coverage(double ratio, List<String> covered, List<String> missing) {
    }

    /**
     * @param fleschReadingEase 206.835 - 1.015 words/sentence - 84.6 syllables/word; 60-70 is plain English
     * @param score             the ease mapped to 0..1 (30 or less is 0, 70 or more is 1)
     */
    @RegisterForReflection
    public record Readability(double fleschReadingEase, double score, int sentences, int words) {
    }

    /** @param count numbered or bulleted lines, or sentences starting First/Then/Next/Finally/Step N */
    @RegisterForReflection
    public record Steps(boolean present, int count) {
    }

    /** @param rule {@code refund-over-limit} or {@code credentials-requested} */
    @RegisterForReflection
    public record PolicyViolation(String rule, String detail) {
    }
}
