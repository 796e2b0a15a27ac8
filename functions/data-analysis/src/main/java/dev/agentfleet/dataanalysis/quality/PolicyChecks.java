package dev.agentfleet.dataanalysis.quality;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentfleet.dataanalysis.quality.QualityAssessment.PolicyViolation;

/** The support policy a resolution must keep, checked sentence by sentence. */
final class PolicyChecks {

    private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern REFUND = Pattern.compile("\\b(refund|reimburse|reimbursement|money back|credit (?:back|your))", Pattern.CASE_INSENSITIVE);
    private static final Pattern AMOUNT = Pattern.compile(
            "[$€£]\\s?(\\d[\\d,]*(?:\\.\\d{1,2})?)|(\\d[\\d,]*(?:\\.\\d{1,2})?)\\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREDENTIAL = Pattern.compile(
            "\\b(password|passcode|pin(?: code)?|cvv|cvc|security code|one[- ]time (?:pass)?code|otp|2fa code|verification code|"
                    + "card number|social security number|ssn)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASKS = Pattern.compile("\\b(send|provide|share|tell|give|reply with|confirm|enter|type|include)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NEGATED = Pattern.compile("\\b(never|not|don't|do not|won't|will not|no one|nobody)\\b",
            Pattern.CASE_INSENSITIVE);

    private PolicyChecks() {
    }

    static List<PolicyViolation> check(String resolution, BigDecimal refundLimit) {
        List<PolicyViolation> violations = new ArrayList<>();
        for (String sentence : SENTENCES.split(resolution)) {
            if (REFUND.matcher(sentence).find()) {
                Matcher amount = AMOUNT.matcher(sentence);
                while (amount.find()) {
                    BigDecimal value = new BigDecimal((amount.group(1) != null ? amount.group(1) : amount.group(2)).replace(",", ""));
                    if (value.compareTo(refundLimit) > 0) {
                        violations.add(new PolicyViolation("refund-over-limit",
                                "promises a refund of " + amount.group().trim() + ", above the limit of " + refundLimit.toPlainString()
                                        + " that needs approval"));
                        break;
                    }
                }
            }
            Matcher credential = CREDENTIAL.matcher(sentence);
            if (credential.find() && ASKS.matcher(sentence).find() && !NEGATED.matcher(sentence).find()) {
                violations.add(new PolicyViolation("credentials-requested",
                        "asks the customer for their " + credential.group().toLowerCase() + "; agents never ask for credentials"));
            }
        }
        return violations;
    }
}
