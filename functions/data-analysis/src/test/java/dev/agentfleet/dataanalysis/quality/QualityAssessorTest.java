package dev.agentfleet.dataanalysis.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class QualityAssessorTest {

    private static final String DOUBLE_CHARGE = "I was charged twice for order 1234. Please refund the duplicate charge to my card.";

    private final QualityAssessor assessor = new QualityAssessor(new QualityConfig() {
        @Override
        public BigDecimal refundLimit() {
            return new BigDecimal("100");
        }

        @Override
        public double passScore() {
            return 0.6;
        }
    });

    @Test
    void focusedAnswerWithStepsIsAcceptable() {
        QualityAssessment a = assessor.assess(new QualityRequest(DOUBLE_CHARGE, """
                Sorry about the duplicate charge on order 1234. We will refund it to your card.
                1. We cancel the duplicate charge today.
                2. The refund reaches your card in 3 to 5 days.
                3. You get an email when it is done.
                """));

        assertThat(a.violations()).isEmpty();
        assertThat(a.steps().count()).isEqualTo(3);
        assertThat(a.coverage().missing()).as("every key term of the inquiry is answered except 'twice'").containsExactly("twice");
        assertThat(a.acceptable()).isTrue();
        assertThat(a.score()).isGreaterThan(0.8);
    }

    @Test
    void refundAboveTheLimitIsAViolation() {
        QualityAssessment a = assessor.assess(new QualityRequest(DOUBLE_CHARGE, "We will refund $250.00 to your card for order 1234."));

        assertThat(a.violations()).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("refund-over-limit");
            assertThat(v.detail()).contains("$250.00");
        });
        assertThat(a.acceptable()).isFalse();
        assertThat(a.reasons().get(0)).startsWith("Policy:");
    }

    @Test
    void refundWithinTheLimitIsFine() {
        assertThat(assessor.assess(new QualityRequest(DOUBLE_CHARGE, "We issued a refund of 40 EUR for the duplicate charge."))
                .violations()).isEmpty();
    }

    @Test
    void askingForAPasswordIsAViolationButWarningAboutItIsNot() {
        QualityAssessment asks = assessor.assess(new QualityRequest("I cannot log in.", "Please reply with your password so we can check the account."));
        QualityAssessment warns = assessor.assess(new QualityRequest("I cannot log in.", "We will never ask you to share your password."));

        assertThat(asks.violations()).extracting(QualityAssessment.PolicyViolation::rule).containsExactly("credentials-requested");
        assertThat(warns.violations()).isEmpty();
    }

    @Test
    void offTopicAnswerScoresLowAndSaysWhatIsMissing() {
        QualityAssessment a = assessor.assess(new QualityRequest(DOUBLE_CHARGE, "Thank you for contacting us. Have a nice day."));

        assertThat(a.coverage().ratio()).isZero();
        assertThat(a.acceptable()).isFalse();
        assertThat(a.reasons()).anySatisfy(r -> assertThat(r).contains("missing: charged, twice, order"));
    }

    @Test
    void fleschReadingEaseOfAKnownSentence() {
        // 6 words, 6 syllables, 1 sentence: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.145
        assertThat(Readability.of("The cat sat on the mat.").fleschReadingEase()).isEqualTo(116.1);
        assertThat(Readability.syllables("readability")).isEqualTo(5);
    }
}
