package dev.agentfleet.planning.catalog;

import java.math.BigDecimal;

import dev.agentfleet.planning.geo.GeoPoint;

/**
 * A place to stay.
 *
 * @param pricePerNight for the whole room or flat, in the catalog's currency
 * @param capacity      how many guests it sleeps
 * @param rating        0..5
 */
public record Accommodation(String id, String city, String name, GeoPoint location, BigDecimal pricePerNight, int capacity,
        double rating) {
}
