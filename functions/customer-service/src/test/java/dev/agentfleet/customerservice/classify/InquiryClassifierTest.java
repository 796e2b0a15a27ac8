package dev.agentfleet.customerservice.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.junit.jupiter.api.Test;

class InquiryClassifierTest {

    private static final InquiryClassifier CLASSIFIER = new InquiryClassifier();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "My credit card was billed two times for the same invoice | billing",
            "The mobile app keeps crashing when I open the dashboard | technical",
            "I can't sign in, the password reset link never comes | account",
            "Where is my parcel? The courier tracking hasn't moved | shipping",
            "Please cancel my subscription, I don't want it to renew | cancellation",
            "Do you offer a discount for students? | other" })
    void newWordingsGetTheRightCategory(String text, String category) {
        assertThat(CLASSIFIER.classify(new InquiryRequest(text, null)).category()).isEqualTo(category);
    }

    @Test
    void angryUrgentBillingIssueIsUrgent() {
        Classification c = CLASSIFIER.classify(new InquiryRequest(
                "This is unacceptable! I was charged twice and I need the money back immediately.", "Double charge"));

        assertThat(c.category()).isEqualTo("billing");
        assertThat(c.sentiment()).isEqualTo("negative");
        assertThat(c.priority()).isEqualTo("urgent");
        assertThat(c.reasons()).hasSize(3);
        assertThat(c.confidence()).isBetween(0.0, 1.0).isEqualTo(c.categories().get("billing"));
    }

    @Test
    void politeQuestionIsLowPriority() {
        Classification c = CLASSIFIER.classify(new InquiryRequest("Hi, thanks for the great product! Do you have gift cards?", null));

        assertThat(c.sentiment()).isEqualTo("positive");
        assertThat(c.priority()).isEqualTo("low");
    }
}
