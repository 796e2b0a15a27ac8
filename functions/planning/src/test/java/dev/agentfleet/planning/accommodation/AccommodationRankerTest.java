package dev.agentfleet.planning.accommodation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.planning.catalog.ShippedCatalog;
import dev.agentfleet.planning.geo.GeoPoint;

class AccommodationRankerTest {

    private final AccommodationRanker ranker = new AccommodationRanker(new ShippedCatalog(new ObjectMapper()));

    @Test
    void onlyPlacesThatSleepTheGroupWithinBudgetAreRanked() {
        AccommodationRanking ranking = ranker.rank(new AccommodationRequest("Paris", LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 10),
                new BigDecimal("200"), 4, null, 10));

        assertThat(ranking.nights()).isEqualTo(3);
        assertThat(ranking.options()).extracting(AccommodationRanking.Option::name)
                .containsExactlyInAnyOrder("Generator Paris", "Montmartre Loft");
        assertThat(ranking.excluded()).anySatisfy(e -> assertThat(e.reason()).startsWith("sleeps 2"))
                .anySatisfy(e -> assertThat(e.reason()).isEqualTo("costs 240 a night, over the budget of 200"));
        assertThat(ranking.options().get(0).totalPrice()).isEqualByComparingTo(ranking.options().get(0).pricePerNight().multiply(BigDecimal.valueOf(3)));
    }

    @Test
    void scoreIsTheWeightedSumOfItsExplainedParts() {
        AccommodationRanking ranking = ranker.rank(new AccommodationRequest("Lisbon", LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 9),
                new BigDecimal("300"), 2, new GeoPoint(38.7115, -9.1330), 5));

        for (AccommodationRanking.Option o : ranking.options()) {
            double sum = o.explanation().stream().mapToDouble(p -> p.weight() * p.value()).sum();
            assertThat(o.score()).isCloseTo(sum, within(0.002));
            assertThat(o.explanation()).extracting(AccommodationRanking.ScorePart::part).containsExactly("price", "rating", "distance");
        }
        assertThat(ranking.options()).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    }

    @Test
    void closerPlaceWinsWhenPriceAndRatingAreEqual() {
        // Memmo Alfama is ~0.3 km from Alfama; Pestana Palace ~4.5 km: with both inside budget, distance decides between them.
        AccommodationRanking ranking = ranker.rank(new AccommodationRequest("Lisbon", LocalDate.of(2026, 12, 7), LocalDate.of(2026, 12, 8),
                new BigDecimal("300"), 2, new GeoPoint(38.7113, -9.1300), 5));

        AccommodationRanking.Option memmo = ranking.options().stream().filter(o -> o.name().equals("Memmo Alfama")).findFirst().orElseThrow();
        AccommodationRanking.Option pestana = ranking.options().stream().filter(o -> o.name().equals("Pestana Palace")).findFirst().orElseThrow();
        assertThat(memmo.distanceKm()).isLessThan(pestana.distanceKm());
        assertThat(memmo.explanation().get(2).value()).isGreaterThan(pestana.explanation().get(2).value());
    }
}
