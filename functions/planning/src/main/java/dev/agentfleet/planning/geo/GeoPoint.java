package dev.agentfleet.planning.geo;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A point on Earth in degrees. */
@RegisterForReflection
public record GeoPoint(@NotNull @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @NotNull @DecimalMin("-180") @DecimalMax("180") Double longitude) {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    /** Great-circle (haversine) distance in kilometres. */
    public double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** The mean position of a set of points (fine at city scale). */
    public static GeoPoint centroid(java.util.Collection<GeoPoint> points) {
        double lat = points.stream().mapToDouble(GeoPoint::latitude).average().orElse(0);
        double lon = points.stream().mapToDouble(GeoPoint::longitude).average().orElse(0);
        return new GeoPoint(lat, lon);
    }
}
