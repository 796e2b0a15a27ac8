package dev.agentfleet.planning.itinerary;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import dev.agentfleet.planning.geo.GeoPoint;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A day-by-day plan.
 *
 * @param totalCost what the planned visits cost the group
 * @param centroid  the mean position of all planned stops (find-accommodation ranks by distance to it)
 * @param leftOut   catalog entries not planned, each with why
 */
@RegisterForReflection
public record Itinerary(String destination, String currency, int groupSize, BigDecimal budget, BigDecimal totalCost,
        double totalDistanceKm, GeoPoint centroid, List<DayPlan> days, List<LeftOut> leftOut) {

    /** One day: its weather and its stops in route order. */
    @RegisterForReflection
    public record DayPlan(LocalDate date, String weather, Double outdoorSuitability, List<Stop> stops, double distanceKm,
            BigDecimal cost) {
    }

    /**
     * One visit.
     *
     * @param travelKm distance from the previous stop (0 for the first)
     */
    @RegisterForReflection
    public record Stop(String id, String name, String category, boolean indoor, LocalTime start, LocalTime end, double travelKm,
            BigDecimal cost, GeoPoint location) {
    }

    /** A point of interest that is not in the plan, and why. */
    @RegisterForReflection
    public record LeftOut(String id, String name, String reason) {
    }
}
