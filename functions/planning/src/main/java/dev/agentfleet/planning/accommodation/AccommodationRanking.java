package dev.agentfleet.planning.accommodation;

import java.math.BigDecimal;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Accommodations ranked for a stay.
 *
 * @param options  the best ones, best first
 * @param excluded the ones that do not qualify, and why
 */
@RegisterForReflection
public record AccommodationRanking(String destination, String currency, int nights, List<Option> options, List<Excluded> excluded) {

    /**
     * A ranked accommodation.
     *
     * @param score       0..1, the weighted sum of the parts in {@code explanation}
     * @param distanceKm  to the requested point, or null without one
     * @param explanation each part of the score with its weight and value
     */
    @RegisterForReflection
    public record Option(String id, String name, BigDecimal pricePerNight, BigDecimal totalPrice, double rating, int capacity,
            Double distanceKm, double score, List<ScorePart> explanation) {
    }

    /** One part of a score: {@code weight * value} adds to it. */
    @RegisterForReflection
    public record ScorePart(String part, double weight, double value, String why) {
    }

    @RegisterForReflection
    public record Excluded(String id, String name, String reason) {
    }
}
