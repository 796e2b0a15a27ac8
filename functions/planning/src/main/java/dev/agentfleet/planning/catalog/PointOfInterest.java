package dev.agentfleet.planning.catalog;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Set;

import dev.agentfleet.planning.geo.GeoPoint;

/**
 * A thing to do at a destination.
 *
 * @param category        museum, landmark, park, outdoor, food or shopping
 * @param indoor          whether bad weather spoils it (outdoor ones go on suitable-weather days)
 * @param durationMinutes how long a visit takes
 * @param costPerPerson   entry cost per person, in the catalog's currency
 * @param rating          0..5
 * @param opens           opening time (local)
 * @param closes          closing time (local); a visit must end by then
 * @param closedOn        weekdays it is closed
 */
public record PointOfInterest(String id, String city, String name, String category, boolean indoor, GeoPoint location,
        int durationMinutes, BigDecimal costPerPerson, double rating, LocalTime opens, LocalTime closes, Set<DayOfWeek> closedOn) {
}
