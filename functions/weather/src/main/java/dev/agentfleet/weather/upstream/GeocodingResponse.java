package dev.agentfleet.weather.upstream;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Open-Meteo's geocoding answer ({@code GET /v1/search}); only the fields agentfleet uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeocodingResponse(List<Result> results) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Result(String name, Double latitude, Double longitude, String country, String timezone) {
    }
}
