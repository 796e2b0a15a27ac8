package dev.agentfleet.weather.forecast;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A daily forecast.
 *
 * @param source    {@code upstream} (fetched for this call) or {@code cache}
 * @param stale     true when the upstream failed and this is an older cached forecast
 * @param fetchedAt when the upstream produced it
 */
@RegisterForReflection
public record Forecast(Place place, List<Day> days, String source, boolean stale, Instant fetchedAt) {

    /** Where the forecast is for. {@code name} is null when coordinates were given. */
    @RegisterForReflection
    public record Place(String name, String country, double latitude, double longitude, String timezone) {
    }

    /**
     * One day.
     *
     * @param precipitationProbability maximum chance of precipitation that day, %
     * @param precipitationSum         mm
     * @param windSpeedMax             km/h at 10 m
     * @param weatherCode              WMO weather interpretation code
     * @param condition                the code in words, e.g. "Moderate rain"
     * @param outdoorSuitability       0..1, see {@link OutdoorSuitability}
     */
    @RegisterForReflection
    public record Day(LocalDate date, Double temperatureMin, Double temperatureMax, Integer precipitationProbability,
            Double precipitationSum, Double windSpeedMax, Integer weatherCode, String condition, double outdoorSuitability) {
    }

    public Forecast asCached() {
        return new Forecast(place, days, "cache", false, fetchedAt);
    }

    public Forecast asStale() {
        return new Forecast(place, days, "cache", true, fetchedAt);
    }
}
