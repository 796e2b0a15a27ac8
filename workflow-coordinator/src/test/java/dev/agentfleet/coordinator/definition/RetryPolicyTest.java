package dev.agentfleet.coordinator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.run.FailureKind;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(700), 2.0, 0.5,
            FailureKind.RETRYABLE);

    @Test
    void delayGrowsByTheMultiplierUpToTheCap() {
        assertThat(policy.delayFor(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayFor(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayFor(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayFor(4)).isEqualTo(Duration.ofMillis(700));
        assertThatThrownBy(() -> policy.delayFor(0)).hasMessage("attempt must be >= 1, was 0");
    }

    @Test
    void jitterTakesAtMostItsShare() {
        assertThat(policy.withJitter(Duration.ofMillis(400), 0)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.withJitter(Duration.ofMillis(400), 0.999)).isBetween(Duration.ofMillis(200), Duration.ofMillis(201));
    }

    @Test
    void retriesOnlyListedKindsWithinTheAttempts() {
        assertThat(policy.retries(1, FailureKind.TIMEOUT)).isTrue();
        assertThat(policy.retries(5, FailureKind.TIMEOUT)).as("the fifth attempt is the last").isFalse();
        assertThat(policy.retries(1, FailureKind.REJECTED)).isFalse();
        assertThat(RetryPolicy.NONE.retries(1, FailureKind.TIMEOUT)).isFalse();
    }

    @Test
    void delaysSaturateInsteadOfOverflowing() {
        RetryPolicy extreme = new RetryPolicy(20, Duration.ofDays(100_000_000), Duration.ofSeconds(Long.MAX_VALUE), 1e308, 1,
                FailureKind.RETRYABLE);
        assertThat(extreme.delayFor(20)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(extreme.withJitter(Duration.ofSeconds(Long.MAX_VALUE), 0.5))
                .isBetween(Duration.ofNanos(Long.MAX_VALUE / 2 - 1_000), Duration.ofNanos(Long.MAX_VALUE / 2 + 1_000));
        RetryPolicy zero = new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(1), Double.POSITIVE_INFINITY, 0,
                FailureKind.RETRYABLE);
        assertThat(zero.delayFor(3)).as("0 x infinity is NaN: the cap").isEqualTo(Duration.ofSeconds(1));
    }
}
