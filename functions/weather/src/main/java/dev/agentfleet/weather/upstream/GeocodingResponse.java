package dev.agentfleet.weather.upstream;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Open-Meteo's geocoding answer ({@code GET /v1/search}); only the fields agentfleet uses. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record GeocodingResponse(List<Result> results) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Result(String name, Double latitude, Double longitude, String country, String timezone) {
    }
}
