package dev.agentfleet.planning.accommodation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.planning.accommodation.AccommodationRanking.Excluded;
import dev.agentfleet.planning.accommodation.AccommodationRanking.Option;
import dev.agentfleet.planning.accommodation.AccommodationRanking.ScorePart;
import dev.agentfleet.planning.catalog.Accommodation;
import dev.agentfleet.planning.catalog.AccommodationCatalog;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * Ranks the accommodations that sleep the group within the nightly budget:
 * {@code score = 0.4 price + 0.35 rating + 0.25 distance}, where price is {@code 1 - price / budget} (cheaper is
 * better), rating is {@code rating / 5}, and distance is {@code 1 / (1 + km / 2)} (2 km from the point scores 0.5).
 * Without a point, distance's weight goes to the other two in proportion.
 */
@ApplicationScoped
public class AccommodationRanker {

    static final double PRICE_WEIGHT = 0.4;
    static final double RATING_WEIGHT = 0.35;
    static final double DISTANCE_WEIGHT = 0.25;

    private final AccommodationCatalog catalog;

    AccommodationRanker(AccommodationCatalog catalog) {
        this.catalog = catalog;
    }

    public AccommodationRanking rank(AccommodationRequest request) {
        List<Accommodation> all = catalog.accommodations(request.destination());
        if (all.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION, "No accommodations are known for " + request.destination() + ".",
                    List.of(new FieldError("destination", "must be one of " + catalog.destinations())), null);
        }
        int nights = (int) ChronoUnit.DAYS.between(request.checkIn(), request.checkOut());
        double scale = request.near() == null ? 1 / (PRICE_WEIGHT + RATING_WEIGHT) : 1;
        List<Option> options = new ArrayList<>();
        List<Excluded> excluded = new ArrayList<>();
        for (Accommodation a : all) {
            if (a.capacity() < request.groupSize()) {
                excluded.add(new Excluded(a.id(), a.name(), "sleeps " + a.capacity() + ", the group is " + request.groupSize()));
                continue;
            }
            if (a.pricePerNight().compareTo(request.budgetPerNight()) > 0) {
                excluded.add(new Excluded(a.id(), a.name(), "costs " + a.pricePerNight() + " a night, over the budget of "
                        + request.budgetPerNight()));
                continue;
            }
            List<ScorePart> parts = new ArrayList<>();
            double price = 1 - a.pricePerNight().doubleValue() / request.budgetPerNight().doubleValue();
            parts.add(new ScorePart("price", round(PRICE_WEIGHT * scale), round(price),
                    a.pricePerNight() + " of " + request.budgetPerNight() + " a night"));
            parts.add(new ScorePart("rating", round(RATING_WEIGHT * scale), round(a.rating() / 5), a.rating() + " of 5"));
            Double km = null;
            if (request.near() != null) {
                km = round(a.location().distanceKm(request.near()));
                parts.add(new ScorePart("distance", DISTANCE_WEIGHT, round(1 / (1 + km / 2)), km + " km from the itinerary"));
            }
            double score = round(parts.stream().mapToDouble(p -> p.weight() * p.value()).sum());
            options.add(new Option(a.id(), a.name(), a.pricePerNight(),
                    a.pricePerNight().multiply(BigDecimal.valueOf(nights)).setScale(2, RoundingMode.HALF_UP), a.rating(), a.capacity(), km,
                    score, parts));
        }
        options.sort(Comparator.comparingDouble(Option::score).reversed().thenComparing(Option::id));
        return new AccommodationRanking(all.get(0).city(), catalog.currency(), nights,
                options.subList(0, Math.min(request.limit(), options.size())), excluded);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
