package dev.agentfleet.dataanalysis.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.dataanalysis.quality.QualityAssessment.Coverage;
import dev.agentfleet.dataanalysis.quality.QualityAssessment.PolicyViolation;
import dev.agentfleet.dataanalysis.quality.QualityAssessment.Steps;

/** Scores a resolution: coverage of the inquiry's key terms, readability, concrete steps and the support policy. */
@ApplicationScoped
public class QualityAssessor {

    private static final Pattern STEP = Pattern.compile(
            "(?im)^\\s*(?:\\d+[.)]|[-*•]|step\\s+\\d+\\b)\\s*\\S|(?:^|[.!?:]\\s+)(?:\\d+[.)]\\s+\\S|(?:first|then|next|after that|finally)\\b[, ])");

    private final QualityConfig config;

    QualityAssessor(QualityConfig config) {
        this.config = config;
    }

    public QualityAssessment assess(QualityRequest request) {
        Coverage coverage = coverage(request.inquiry(), request.resolution());
        QualityAssessment.Readability readability = Readability.of(request.resolution());
        int stepCount = (int) STEP.matcher(request.resolution()).results().count();
        Steps steps = new Steps(stepCount >= 2, stepCount);
        List<PolicyViolation> violations = PolicyChecks.check(request.resolution(), config.refundLimit());

        double score = 0.4 * coverage.ratio() + 0.2 * readability.score() + 0.2 * (steps.present() ? 1 : stepCount * 0.5)
                + 0.2 * (violations.isEmpty() ? 1 : 0);
        score = Math.round(score * 1000) / 1000.0;
        boolean acceptable = violations.isEmpty() && score >= config.passScore();
        return new QualityAssessment(score, acceptable, coverage, readability, steps, violations,
                reasons(coverage, readability, steps, violations));
    }

    private static Coverage coverage(String inquiry, String resolution) {
        Map<String, String> wanted = KeyTerms.of(inquiry);
        Map<String, String> offered = KeyTerms.of(resolution);
        List<String> covered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        wanted.forEach((stem, surface) -> (offered.containsKey(stem) ? covered : missing).add(surface));
        double ratio = wanted.isEmpty() ? 1 : Math.round(1000.0 * covered.size() / wanted.size()) / 1000.0;
        return new Coverage(ratio, covered, missing);
    }

    private static List<String> reasons(Coverage coverage, QualityAssessment.Readability readability, Steps steps,
            List<PolicyViolation> violations) {
        List<String> reasons = new ArrayList<>();
        violations.forEach(v -> reasons.add("Policy: " + v.detail() + "."));
        if (coverage.ratio() < 0.5) {
            reasons.add("Addresses few of the inquiry's key terms (" + Math.round(coverage.ratio() * 100) + "%); missing: "
                    + String.join(", ", coverage.missing().subList(0, Math.min(8, coverage.missing().size()))) + ".");
        } else {
            reasons.add("Addresses " + Math.round(coverage.ratio() * 100) + "% of the inquiry's key terms.");
        }
        if (!steps.present()) {
            reasons.add("Gives no concrete steps to follow.");
        } else {
            reasons.add("Gives " + steps.count() + " concrete steps.");
        }
        reasons.add(readability.fleschReadingEase() < 50
                ? "Hard to read (Flesch " + readability.fleschReadingEase() + "): shorter sentences and words would help."
                : "Readable (Flesch " + readability.fleschReadingEase() + ").");
        return reasons;
    }
}
