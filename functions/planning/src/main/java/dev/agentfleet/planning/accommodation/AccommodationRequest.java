package dev.agentfleet.planning.accommodation;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.agentfleet.planning.geo.GeoPoint;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What to find.
 *
 * @param destination    a city of the catalog
 * @param checkIn        first night
 * @param checkOut       departure day, after check-in, at most 30 nights later
 * @param budgetPerNight the most the group will pay per night, in the catalog's currency
 * @param groupSize      guests; an accommodation must sleep all of them
 * @param near           where the group will spend its days, e.g. the itinerary's centroid; without it distance
 *                       does not count
 * @param limit          how many options to return, 1..20 (default 5)
 */
@RegisterForReflection
public record AccommodationRequest(
        @NotBlank @Size(max = 100) String destination,
        @NotNull LocalDate checkIn,
        @NotNull LocalDate checkOut,
        @NotNull @Positive BigDecimal budgetPerNight,
        @Min(1) @Max(20) int groupSize,
        @Valid GeoPoint near,
        @Min(1) @Max(20) Integer limit) {

    public AccommodationRequest {
        limit = limit == null ? 5 : limit;
    }

    @JsonIgnore
    @AssertTrue(message = "must be after checkIn and at most 30 nights later")
    boolean isCheckOut() {
        return checkIn == null || checkOut == null || (checkOut.isAfter(checkIn) && !checkOut.isAfter(checkIn.plusDays(30)));
    }
}
