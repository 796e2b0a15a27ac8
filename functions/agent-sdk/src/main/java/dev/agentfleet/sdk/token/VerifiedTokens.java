package dev.agentfleet.sdk.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Bearer tokens this process verified a moment ago, with what verifying each gave, so that a token presented again is
 * not parsed and its signature checked again: a client sends the same API token with every request, the coordinator
 * the same sender token with every call. Verifying one (JSON parsing, claims, an RSA signature) was about a tenth of
 * the coordinator's CPU under load; a look-up here is a hash of the token.
 *
 * <p>An entry is kept at most {@code ttl} after it was verified and is never answered past the token's own validity
 * (its expiry, or sooner its issue time plus the maximum age). A token not held here is verified in full, so the cache
 * only ever answers for what the full check accepted within {@code ttl}. What it trades: a token whose signing key was
 * withdrawn from the issuer's key set stays accepted for up to {@code ttl}. Bounded to {@code maxEntries} tokens
 * (Caffeine evicts the least useful).
 *
 * @param <T> what verifying a token gave (a parsed token, its subject)
 */
public final class VerifiedTokens<T> {

    /** How long a verified token is answered from here: short, since a withdrawn key is honoured for this long. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    /** Tokens held at most: some 4 MB of typical 1 kB tokens. */
    public static final int DEFAULT_MAX_ENTRIES = 4_096;

    private record Entry<T>(T verified, long validUntilMillis) {
    }

    private final Clock clock;
    private final Cache<String, Entry<T>> cache;

    public VerifiedTokens() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_TTL, Clock.systemUTC());
    }

    public VerifiedTokens(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a verified-token cache needs room for one token and a positive time to live");
        }
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(ttl)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /** What verifying {@code token} gave, or null when it was not verified within the time to live or is no longer valid. */
    public T get(String token) {
        Entry<T> entry = cache.getIfPresent(token);
        if (entry == null) {
            return null;
        }
        if (clock.millis() >= entry.validUntilMillis()) {
            cache.invalidate(token);
            return null;
        }
        return entry.verified();
    }

    /** Remembers a token the full check accepted, valid until {@code validUntil} by its own claims. */
    public void put(String token, T verified, Instant validUntil) {
        if (validUntil.toEpochMilli() > clock.millis()) {
            cache.put(token, new Entry<>(verified, validUntil.toEpochMilli()));
        }
    }

    /** Tokens held now (an estimate while entries expire). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
