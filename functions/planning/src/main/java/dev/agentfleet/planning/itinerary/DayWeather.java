package dev.agentfleet.planning.itinerary;

import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The weather of one day, as far as planning cares; the weather function's daily forecast has these fields.
 *
 * @param outdoorSuitability 0 (stay in) .. 1 (perfect for outdoor visits)
 * @param condition          a readable condition, e.g. "Light rain", shown in the plan
 */
@RegisterForReflection
public record DayWeather(@NotNull LocalDate date, @NotNull @DecimalMin("0") @DecimalMax("1") Double outdoorSuitability,
        String condition) {
}
