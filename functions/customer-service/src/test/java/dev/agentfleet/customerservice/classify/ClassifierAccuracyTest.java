package dev.agentfleet.customerservice.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Held-out accuracy of the classifier: trained on four of every five phrasings, tested on the fifth, so every test
 * example is a wording the classifier never saw. The figures are in the module README; the floors stop a regression.
 */
class ClassifierAccuracyTest {

    static final double CATEGORY_FLOOR = 0.70;
    static final double SENTIMENT_FLOOR = 0.80;

    @Test
    void datasetHasAtLeast300ExamplesOfEveryCategory() {
        List<LabelledInquiry> all = InquiryDataset.load();
        assertThat(all).hasSizeGreaterThanOrEqualTo(300);
        assertThat(all).extracting(LabelledInquiry::category).containsOnly("billing", "technical", "account", "shipping", "cancellation", "other");
        assertThat(all.stream().filter(LabelledInquiry::heldOut).count()).isBetween(50L, 100L);
    }

    @Test
    void heldOutAccuracyIsAboveTheFloor() {
        List<LabelledInquiry> all = InquiryDataset.load();
        NaiveBayesModel model = NaiveBayesModel.trainOnTrainingSplit(all);
        List<LabelledInquiry> test = all.stream().filter(LabelledInquiry::heldOut).toList();

        int categoryHits = 0;
        int sentimentHits = 0;
        Map<String, int[]> perCategory = new TreeMap<>();
        for (LabelledInquiry example : test) {
            NaiveBayesModel.Prediction p = model.predict(example.text());
            boolean hit = p.category().equals(example.category());
            categoryHits += hit ? 1 : 0;
            sentimentHits += p.sentiment().equals(example.sentiment()) ? 1 : 0;
            int[] counts = perCategory.computeIfAbsent(example.category(), k -> new int[2]);
            counts[0] += hit ? 1 : 0;
            counts[1]++;
        }
        double category = (double) categoryHits / test.size();
        double sentiment = (double) sentimentHits / test.size();
        System.out.printf("held-out examples: %d, category accuracy %.3f, sentiment accuracy %.3f%n", test.size(), category, sentiment);
        perCategory.forEach((c, n) -> System.out.printf("  %-13s %d/%d%n", c, n[0], n[1]));

        assertThat(category).as("category accuracy on unseen phrasings").isGreaterThanOrEqualTo(CATEGORY_FLOOR);
        assertThat(sentiment).as("sentiment accuracy on unseen phrasings").isGreaterThanOrEqualTo(SENTIMENT_FLOOR);
    }
}
