package dev.agentfleet.weather.forecast;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * Forecasts and geocoded places in Redis. Keys: {@code <prefix>:weather:forecast:<lat>,<lon>:<start>:<end>}
 * (coordinates to 2 decimals, ~1 km) and {@code <prefix>:weather:place:<name>}. A cache that cannot be read or
 * written never fails a request: it only costs an upstream call.
 */
@ApplicationScoped
public class ForecastCache {

    private final ValueCommands<String, String> values;
    private final ObjectMapper mapper;
    private final String prefix;

    ForecastCache(RedisDataSource redis, ObjectMapper mapper, AgentSdkConfig config) {
        this.values = redis.value(String.class);
        this.mapper = mapper;
        this.prefix = config.keyPrefix() + ":weather:";
    }

    public Optional<Forecast> forecast(double latitude, double longitude, LocalDate start, LocalDate end) {
        return read(forecastKey(latitude, longitude, start, end), Forecast.class);
    }

    public void putForecast(Forecast forecast, LocalDate start, LocalDate end, Duration keepFor) {
        write(forecastKey(forecast.place().latitude(), forecast.place().longitude(), start, end), forecast, keepFor);
    }

    public Optional<Forecast.Place> place(String name) {
        return read(placeKey(name), Forecast.Place.class);
    }

    public void putPlace(String name, Forecast.Place place, Duration keepFor) {
        write(placeKey(name), place, keepFor);
    }

    private String forecastKey(double latitude, double longitude, LocalDate start, LocalDate end) {
        return prefix + String.format(Locale.ROOT, "forecast:%.2f,%.2f:%s:%s", latitude, longitude, start, end);
    }

    private String placeKey(String name) {
        return prefix + "place:" + name.trim().toLowerCase(Locale.ROOT);
    }

    private <T> Optional<T> read(String key, Class<T> type) {
        try {
            String json = values.get(key);
            return json == null ? Optional.empty() : Optional.of(mapper.readValue(json, type));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void write(String key, Object value, Duration ttl) {
        try {
            values.set(key, mapper.writeValueAsString(value), new SetArgs().px(ttl));
        } catch (JsonProcessingException | RuntimeException e) {
            // a cache write that fails only means the next call asks the upstream again
        }
    }
}
