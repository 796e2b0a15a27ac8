package dev.agentfleet.weather.forecast;

import java.time.LocalDate;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Where and when: a place name, or a latitude and longitude, and a range of at most 16 days.
 *
 * @param place     a place name to geocode, e.g. "Lisbon"; ignored when latitude and longitude are given
 * @param startDate first day
 * @param endDate   last day, at most 15 days after the first
 */
@RegisterForReflection
public record ForecastRequest(
        @Size(min = 1, max = 100) String place,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @NotNull LocalDate startDate,
        @NotNull LocalDate endDate) {

    /** The longest range Open-Meteo forecasts. */
    public static final int MAX_DAYS = 16;

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    @JsonIgnore
    @AssertTrue(message = "give a place, or both latitude and longitude")
    boolean isPlace() {
        return hasCoordinates() || (latitude == null && longitude == null && place != null && !place.isBlank());
    }

    @JsonIgnore
    @AssertTrue(message = "must be on or after startDate and at most 16 days from it")
    boolean isEndDate() {
        return startDate == null || endDate == null || (!endDate.isBefore(startDate) && endDate.isBefore(startDate.plusDays(MAX_DAYS)));
    }
}
