package dev.agentfleet.sdk.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private long millis = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();

        void advance(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final MovingClock clock = new MovingClock();
    private final VerifiedTokens<String> tokens = new VerifiedTokens<>(3, Duration.ofSeconds(30), clock);

    @Test
    void answersAVerifiedTokenUntilItsTimeToLive() {
        tokens.put("a.b.c", "alice", clock.instant().plus(Duration.ofHours(1)));
        assertThat(tokens.get("a.b.c")).isEqualTo("alice");
        assertThat(tokens.get("a.b.d")).as("another token, even one differing only in its signature").isNull();
        clock.advance(Duration.ofSeconds(29));
        assertThat(tokens.get("a.b.c")).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(2));
        assertThat(tokens.get("a.b.c")).as("verified 31 s ago: verify again").isNull();
    }

    @Test
    void neverAnswersPastTheTokensOwnValidity() {
        tokens.put("a.b.c", "alice", clock.instant().plus(Duration.ofSeconds(5)));
        assertThat(tokens.get("a.b.c")).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(5));
        assertThat(tokens.get("a.b.c")).as("expired now, within the time to live").isNull();
        tokens.put("x.y.z", "bob", clock.instant());
        assertThat(tokens.get("x.y.z")).as("already expired when verified").isNull();
    }

    @Test
    void holdsAtMostItsBound() {
        for (int i = 0; i < 100; i++) {
            tokens.put("t" + i, "s" + i, clock.instant().plus(Duration.ofHours(1)));
        }
        assertThat(tokens.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void refusesAUselessConfiguration() {
        assertThatThrownBy(() -> new VerifiedTokens<String>(0, Duration.ofSeconds(1), clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerifiedTokens<String>(1, Duration.ZERO, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}
