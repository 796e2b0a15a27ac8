package dev.agentfleet.planning.itinerary;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What to plan.
 *
 * @param destination a city of the catalog (Paris, Lisbon, Tokyo, New York in the shipped one)
 * @param startDate   first day of the trip
 * @param endDate     last day of the trip, at most 14 days after the start
 * @param budget      the group's total budget for activities, in the catalog's currency
 * @param groupSize   travellers; costs are per person
 * @param preferences categories to favour: museum, landmark, park, outdoor, food, shopping
 * @param forecast    the weather per day (e.g. the weather function's {@code days}); without it every day is fine
 */
@RegisterForReflection
public record ItineraryRequest(
        @NotBlank @Size(max = 100) String destination,
        @NotNull LocalDate startDate,
        @NotNull LocalDate endDate,
        @NotNull @PositiveOrZero BigDecimal budget,
        @Min(1) @Max(20) int groupSize,
        @Size(max = 6) List<@NotNull @Pattern(regexp = "museum|landmark|park|outdoor|food|shopping",
                message = "must be one of museum, landmark, park, outdoor, food, shopping") String> preferences,
        @Size(max = 31) List<@Valid @NotNull DayWeather> forecast) {

    public ItineraryRequest {
        preferences = preferences == null ? List.of() : preferences;
        forecast = forecast == null ? List.of() : forecast;
    }

    @JsonIgnore
    @AssertTrue(message = "must be on or after startDate and at most 14 days after it")
    boolean isEndDate() {
        return startDate == null || endDate == null || (!endDate.isBefore(startDate) && !endDate.isAfter(startDate.plusDays(13)));
    }
}
