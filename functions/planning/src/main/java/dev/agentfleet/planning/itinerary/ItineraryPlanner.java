package dev.agentfleet.planning.itinerary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.planning.PlanningConfig;
import dev.agentfleet.planning.catalog.PoiCatalog;
import dev.agentfleet.planning.catalog.PointOfInterest;
import dev.agentfleet.planning.geo.GeoPoint;
import dev.agentfleet.planning.geo.RouteOptimizer;
import dev.agentfleet.planning.itinerary.Itinerary.DayPlan;
import dev.agentfleet.planning.itinerary.Itinerary.LeftOut;
import dev.agentfleet.planning.itinerary.Itinerary.Stop;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * Plans a trip in three passes:
 * <ol>
 *   <li><b>choose</b>: points of interest by score (rating / 5, +0.5 for a preferred category), each onto the best day
 *       that is open, has weather for it (outdoor ones need suitability at or above the threshold; they take the
 *       sunniest such day), has time and stops left, while the group's budget lasts;</li>
 *   <li><b>route</b>: each day's stops ordered by nearest-neighbour + 2-opt on haversine distances;</li>
 *   <li><b>schedule</b>: times from the day's start, travel at the configured speed, waiting for opening; a stop that
 *       would end after closing or after the day's end is dropped and reported.</li>
 * </ol>
 */
@ApplicationScoped
public class ItineraryPlanner {

    private static final double PREFERENCE_BONUS = 0.5;
    private static final int TRAVEL_ALLOWANCE_MINUTES = 20;

    private final PoiCatalog catalog;
    private final PlanningConfig config;

    ItineraryPlanner(PoiCatalog catalog, PlanningConfig config) {
        this.catalog = catalog;
        this.config = config;
    }

    public Itinerary plan(ItineraryRequest request) {
        List<PointOfInterest> pois = catalog.pointsOfInterest(request.destination());
        if (pois.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION, "No points of interest are known for " + request.destination() + ".",
                    List.of(new FieldError("destination", "must be one of " + catalog.destinations())), null);
        }
        Map<LocalDate, DayWeather> weather = request.forecast().stream()
                .collect(Collectors.toMap(DayWeather::date, Function.identity(), (a, b) -> b));
        List<Day> days = new ArrayList<>();
        for (LocalDate d = request.startDate(); !d.isAfter(request.endDate()); d = d.plusDays(1)) {
            days.add(new Day(d, weather.get(d)));
        }
        List<LeftOut> leftOut = new ArrayList<>();
        BigDecimal group = BigDecimal.valueOf(request.groupSize());
        BigDecimal remaining = request.budget();

        List<PointOfInterest> ranked = pois.stream()
                .sorted(Comparator.comparingDouble((PointOfInterest p) -> score(p, request)).reversed().thenComparing(PointOfInterest::id))
                .toList();
        for (PointOfInterest poi : ranked) {
            BigDecimal cost = poi.costPerPerson().multiply(group);
            if (cost.compareTo(remaining) > 0) {
                leftOut.add(new LeftOut(poi.id(), poi.name(), "over budget: costs " + cost + " " + catalog.currency() + " for the group, "
                        + remaining + " left"));
                continue;
            }
            Placement placement = place(poi, days);
            if (placement.day() == null) {
                leftOut.add(new LeftOut(poi.id(), poi.name(), placement.reason()));
                continue;
            }
            placement.day().pois.add(poi);
            remaining = remaining.subtract(cost);
        }

        List<DayPlan> plans = new ArrayList<>();
        for (Day day : days) {
            plans.add(schedule(day, group, leftOut));
        }
        List<GeoPoint> planned = plans.stream().flatMap(p -> p.stops().stream()).map(Stop::location).toList();
        BigDecimal total = plans.stream().map(DayPlan::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        double distance = round(plans.stream().mapToDouble(DayPlan::distanceKm).sum());
        return new Itinerary(pois.get(0).city(), catalog.currency(), request.groupSize(), request.budget(), total, distance,
                planned.isEmpty() ? null : GeoPoint.centroid(planned), plans, leftOut);
    }

    private static double score(PointOfInterest poi, ItineraryRequest request) {
        return poi.rating() / 5 + (request.preferences().contains(poi.category()) ? PREFERENCE_BONUS : 0);
    }

    private record Placement(Day day, String reason) {
    }

    private Placement place(PointOfInterest poi, List<Day> days) {
        List<Day> open = days.stream().filter(d -> !poi.closedOn().contains(d.date.getDayOfWeek())).toList();
        if (open.isEmpty()) {
            return new Placement(null, "closed on every day of the trip (closed on " + poi.closedOn() + ")");
        }
        List<Day> weatherOk = poi.indoor() ? open : open.stream().filter(d -> d.suitability() >= config.outdoorThreshold()).toList();
        if (weatherOk.isEmpty()) {
            return new Placement(null, "outdoor, and no open day of the trip has suitable weather (outdoor suitability >= "
                    + config.outdoorThreshold() + ")");
        }
        long dayMinutes = Duration.between(config.dayStart(), config.dayEnd()).toMinutes();
        List<Day> fits = weatherOk.stream()
                .filter(d -> d.pois.size() < config.maxStopsPerDay())
                .filter(d -> d.busyMinutes() + poi.durationMinutes() + TRAVEL_ALLOWANCE_MINUTES <= dayMinutes)
                .toList();
        if (fits.isEmpty()) {
            return new Placement(null, "no time left on the days it could go on");
        }
        // Outdoor: the sunniest day; indoor: the least busy day, rainy days first so sunny ones stay free for outdoor stops.
        Comparator<Day> preference = poi.indoor()
                ? Comparator.comparingLong(Day::busyMinutes).thenComparingDouble(Day::suitability)
                : Comparator.comparingDouble(Day::suitability).reversed().thenComparingLong(Day::busyMinutes);
        return new Placement(fits.stream().min(preference.thenComparing(d -> d.date)).orElseThrow(), null);
    }

    private DayPlan schedule(Day day, BigDecimal group, List<LeftOut> leftOut) {
        List<GeoPoint> points = day.pois.stream().map(PointOfInterest::location).toList();
        List<Integer> order = RouteOptimizer.order(points);
        List<Stop> stops = new ArrayList<>();
        LocalTime clock = config.dayStart();
        GeoPoint previous = null;
        double distance = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (int index : order) {
            PointOfInterest poi = day.pois.get(index);
            double km = previous == null ? 0 : previous.distanceKm(poi.location());
            LocalTime arrive = clock.plusMinutes((long) Math.ceil(km / config.travelSpeedKmh() * 60));
            LocalTime start = arrive.isBefore(poi.opens()) ? poi.opens() : arrive;
            LocalTime end = start.plusMinutes(poi.durationMinutes());
            boolean wraps = end.isBefore(start);
            if (wraps || end.isAfter(poi.closes()) || end.isAfter(config.dayEnd())) {
                leftOut.add(new LeftOut(poi.id(), poi.name(), "does not fit " + day.date + ": a visit from " + start
                        + " would end after " + (end.isAfter(poi.closes()) || wraps ? "closing (" + poi.closes() + ")" : "the day's end ("
                                + config.dayEnd() + ")")));
                continue;
            }
            BigDecimal stopCost = poi.costPerPerson().multiply(group);
            stops.add(new Stop(poi.id(), poi.name(), poi.category(), poi.indoor(), start, end, round(km), stopCost, poi.location()));
            distance += km;
            cost = cost.add(stopCost);
            clock = end;
            previous = poi.location();
        }
        return new DayPlan(day.date, day.weather == null ? null : day.weather.condition(),
                day.weather == null ? null : day.weather.outdoorSuitability(), stops, round(distance), cost.setScale(2, RoundingMode.HALF_UP));
    }

    private static double round(double km) {
        return Math.round(km * 100) / 100.0;
    }

    /** A day being filled. */
    private static final class Day {
        final LocalDate date;
        final DayWeather weather;
        final List<PointOfInterest> pois = new ArrayList<>();

        Day(LocalDate date, DayWeather weather) {
            this.date = date;
            this.weather = weather;
        }

        double suitability() {
            return weather == null ? 1.0 : weather.outdoorSuitability();
        }

        long busyMinutes() {
            return pois.stream().mapToLong(p -> p.durationMinutes() + TRAVEL_ALLOWANCE_MINUTES).sum();
        }
    }
}
