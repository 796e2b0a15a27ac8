package dev.agentfleet.customerservice.classify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

/**
 * Classifies inquiries: category and sentiment by Naive Bayes trained at start-up on the shipped dataset; priority
 * by a rule over them, so it can be explained:
 * {@code points = base(category) + 1 if negative + 1 if urgent wording}, where base is 2 for billing, account and
 * technical, 1 for shipping and cancellation, 0 otherwise; 0-1 is low, 2 medium, 3 high, 4 urgent. Urgent wording:
 * urgent, asap, immediately, right away, today, hacked, fraud, someone else, unknown activity, locked, charged twice.
 */
@Singleton
public class InquiryClassifier {

    private static final Pattern URGENT = Pattern.compile(
            "\\b(urgent|asap|immediately|right away|today|hacked|fraud|someone else|unknown activity|locked|charged twice)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Map<String, Integer> BASE = Map.of("billing", 2, "account", 2, "technical", 2, "shipping", 1, "cancellation", 1);
    private static final String[] PRIORITIES = { "low", "low", "medium", "high", "urgent" };

    private final NaiveBayesModel model = NaiveBayesModel.trainOnAll(InquiryDataset.load());

    public Classification classify(InquiryRequest request) {
        NaiveBayesModel.Prediction p = model.predict(request.fullText());
        List<String> reasons = new ArrayList<>();
        int points = BASE.getOrDefault(p.category(), 0);
        reasons.add(p.category() + " inquiries start at " + points);
        if (p.sentiment().equals("negative")) {
            points++;
            reasons.add("+1 for negative sentiment");
        }
        Matcher urgent = URGENT.matcher(request.fullText());
        if (urgent.find()) {
            points++;
            reasons.add("+1 for urgent wording (\"" + urgent.group() + "\")");
        }
        String priority = PRIORITIES[Math.min(points, PRIORITIES.length - 1)];
        return new Classification(p.category(), priority, p.sentiment(), p.categoryScores().get(p.category()), p.categoryScores(), reasons);
    }
}
