package dev.agentfleet.weather.upstream;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Open-Meteo's forecast answer ({@code GET /v1/forecast} with the daily variables agentfleet asks for). */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record ForecastResponse(Double latitude, Double longitude, String timezone, Daily daily) {

    /** Parallel arrays, one entry per day. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Daily(
            List<String> time,
            @JsonProperty("temperature_2m_max") List<Double> temperatureMax,
            @JsonProperty("temperature_2m_min") List<Double> temperatureMin,
            @JsonProperty("precipitation_probability_max") List<Integer> precipitationProbabilityMax,
            @JsonProperty("precipitation_sum") List<Double> precipitationSum,
            @JsonProperty("wind_speed_10m_max") List<Double> windSpeedMax,
            @JsonProperty("weather_code") List<Integer> weatherCode) {
    }

    /** The daily variables requested, in Open-Meteo's names. */
    public static final String DAILY = "temperature_2m_max,temperature_2m_min,precipitation_probability_max,precipitation_sum,"
            + "wind_speed_10m_max,weather_code";
}
