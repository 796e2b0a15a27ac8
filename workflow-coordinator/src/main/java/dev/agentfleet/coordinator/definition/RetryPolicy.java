package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.util.Set;

import dev.agentfleet.coordinator.run.FailureKind;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How a failed step attempt is retried.
 *
 * @param maxAttempts    attempts in all, the first included (1 = no retry)
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff     the longest wait between attempts
 * @param multiplier     growth of the wait per attempt, at least 1
 * @param jitter         share of each wait drawn at random, 0..1 (0.2 = the wait is 80..100 % of its nominal value)
 * @param retryOn        which failures are retried, of the {@link FailureKind#retryable() retryable} ones:
 *                       {@code timeout}, {@code unavailable} (connection refused, 503, an open circuit),
 *                       {@code server-error} (other 5xx), {@code rate-limited} (429); a 4xx answer never is
 */
@RegisterForReflection
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier, double jitter,
        Set<FailureKind> retryOn) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(10), 2.0, 0.2,
            FailureKind.RETRYABLE);

    /** Ordered by wire name, so a definition always serialises (and hashes) the same way. */
    public RetryPolicy {
        retryOn = FailureKind.sorted(retryOn);
    }

    /** No retry: one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0, Set.of());

    /**
     * The nominal wait after attempt {@code attempt} (1-based) failed: {@code initialBackoff * multiplier^(attempt-1)},
     * capped at {@code maxBackoff}. Pure and saturating: no value of the policy makes it overflow or throw; apply
     * {@link #withJitter} for the actual wait.
     */
    public Duration delayFor(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        double nanos = nanos(initialBackoff) * Math.pow(multiplier, attempt - 1);
        // !(a < b) is also true for NaN (a multiplier of infinity times a zero backoff): the cap is the answer then too
        return !(nanos < nanos(maxBackoff)) ? maxBackoff : Duration.ofNanos((long) nanos);
    }

    /** {@code delay} less a random share of up to {@code jitter}, given a uniform random number in [0, 1). Saturating. */
    public Duration withJitter(Duration delay, double random) {
        double share = Math.min(1, Math.max(0, 1 - jitter * random));
        return Duration.ofNanos((long) (nanos(delay) * share));
    }

    /** A duration's nanoseconds, {@link Long#MAX_VALUE} for any longer than ~292 years (where toNanos would throw). */
    private static long nanos(Duration d) {
        return d.compareTo(LONGEST) >= 0 ? Long.MAX_VALUE : d.toNanos();
    }

    private static final Duration LONGEST = Duration.ofNanos(Long.MAX_VALUE);

    /** Whether another attempt follows attempt {@code attempt} failing with {@code failureKind}. */
    public boolean retries(int attempt, FailureKind failureKind) {
        return attempt < maxAttempts && retryOn.contains(failureKind);
    }
}
