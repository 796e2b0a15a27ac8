package dev.agentfleet.planning.itinerary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.agentfleet.planning.PlanningConfig;
import dev.agentfleet.planning.catalog.PointOfInterest;
import dev.agentfleet.planning.catalog.ShippedCatalog;
import dev.agentfleet.sdk.problem.ProblemException;

class ItineraryPlannerTest {

    // 2026-12-07 is a Monday
    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);

    private final ShippedCatalog catalog = new ShippedCatalog(new ObjectMapper().registerModule(new JavaTimeModule()));
    private final ItineraryPlanner planner = new ItineraryPlanner(catalog, new PlanningConfig() {
        public LocalTime dayStart() {
            return LocalTime.of(9, 0);
        }

        public LocalTime dayEnd() {
            return LocalTime.of(19, 0);
        }

        public int maxStopsPerDay() {
            return 5;
        }

        public double travelSpeedKmh() {
            return 12;
        }

        public double outdoorThreshold() {
            return 0.5;
        }
    });
    private final Map<String, PointOfInterest> paris = catalog.pointsOfInterest("Paris").stream()
            .collect(Collectors.toMap(PointOfInterest::id, Function.identity()));

    @Test
    void outdoorVisitsGoOnlyOnSuitableWeatherDays() {
        List<DayWeather> forecast = List.of(new DayWeather(MONDAY, 0.1, "Heavy rain"), new DayWeather(MONDAY.plusDays(1), 0.9, "Clear sky"),
                new DayWeather(MONDAY.plusDays(2), 0.2, "Thunderstorm"));

        Itinerary plan = planner.plan(request("Paris", MONDAY, MONDAY.plusDays(2), "2000", 2, List.of(), forecast));

        for (Itinerary.DayPlan day : plan.days()) {
            if (day.outdoorSuitability() < 0.5) {
                assertThat(day.stops()).as("no outdoor stop on %s (%s)", day.date(), day.weather()).allMatch(Itinerary.Stop::indoor);
            }
        }
        assertThat(plan.days().get(1).stops()).anyMatch(s -> !s.indoor());
        assertThat(plan.leftOut()).anyMatch(l -> l.reason().contains("suitable weather") || l.reason().contains("no time left"));
    }

    @Test
    void staysWithinBudgetAndSaysWhatItLeftOut() {
        Itinerary plan = planner.plan(request("Paris", MONDAY, MONDAY.plusDays(1), "60", 2, List.of("museum"), List.of()));

        assertThat(plan.totalCost()).isLessThanOrEqualTo(new BigDecimal("60"));
        assertThat(plan.leftOut()).anySatisfy(l -> assertThat(l.reason()).startsWith("over budget"));
        assertThat(plan.days().stream().mapToInt(d -> d.stops().size()).sum()).isPositive();
    }

    @Test
    void visitsRespectClosingDaysOpeningHoursAndTheDay() {
        Itinerary plan = planner.plan(request("Paris", MONDAY, MONDAY.plusDays(3), "5000", 1, List.of(), List.of()));

        for (Itinerary.DayPlan day : plan.days()) {
            LocalTime previousEnd = LocalTime.of(9, 0);
            for (Itinerary.Stop stop : day.stops()) {
                PointOfInterest poi = paris.get(stop.id());
                DayOfWeek weekday = day.date().getDayOfWeek();
                assertThat(poi.closedOn()).as("%s is closed on %s", poi.name(), weekday).doesNotContain(weekday);
                assertThat(stop.start()).isAfterOrEqualTo(poi.opens()).isAfterOrEqualTo(previousEnd);
                assertThat(stop.end()).isBeforeOrEqualTo(poi.closes()).isBeforeOrEqualTo(LocalTime.of(19, 0));
                previousEnd = stop.end();
            }
            assertThat(day.stops()).hasSizeLessThanOrEqualTo(5);
        }
    }

    @Test
    void preferredCategoryIsPlannedFirst() {
        Itinerary plan = planner.plan(request("Lisbon", MONDAY.plusDays(1), MONDAY.plusDays(1), "1000", 1, List.of("food"), List.of()));

        assertThat(plan.days().get(0).stops()).extracting(Itinerary.Stop::category).contains("food");
    }

    @Test
    void eachDayIsRoutedNoLongerThanItsNearestNeighbourOrder() {
        Itinerary plan = planner.plan(request("Tokyo", MONDAY.plusDays(1), MONDAY.plusDays(2), "5000", 1, List.of(), List.of()));

        assertThat(plan.totalDistanceKm()).isPositive();
        assertThat(plan.centroid()).isNotNull();
        plan.days().forEach(d -> assertThat(d.distanceKm())
                .isEqualTo(Math.round(d.stops().stream().mapToDouble(Itinerary.Stop::travelKm).sum() * 100) / 100.0, org.assertj.core.api.Assertions.within(0.02)));
    }

    @Test
    void unknownDestinationNamesTheKnownOnes() {
        assertThatThrownBy(() -> planner.plan(request("Atlantis", MONDAY, MONDAY, "100", 1, List.of(), List.of())))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().errors().get(0).message()).contains("Lisbon", "Paris"));
    }

    private static ItineraryRequest request(String destination, LocalDate start, LocalDate end, String budget, int group,
            List<String> preferences, List<DayWeather> forecast) {
        return new ItineraryRequest(destination, start, end, new BigDecimal(budget), group, preferences, forecast);
    }
}
