package dev.agentfleet.weather.upstream;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * The two Open-Meteo calls with their resilience: per attempt a timeout, then up to two retries with exponential
 * backoff and jitter, behind a circuit breaker per upstream (after half of 4 calls fail, calls fail fast for 10 s).
 * A 4xx answer is the request's fault: not retried, not counted by the breaker. Every number is configurable with
 * SmallRye Fault Tolerance's keys, e.g. {@code quarkus.fault-tolerance."dev.agentfleet.weather.upstream.OpenMeteoGateway/daily".timeout.value}.
 */
@ApplicationScoped
public class OpenMeteoGateway {

    public static final String GEOCODING = "geocoding";
    public static final String FORECAST = "forecast";

    private final GeocodingClient geocoding;
    private final ForecastClient forecast;
    private final ObjectMapper mapper;

    OpenMeteoGateway(@RestClient GeocodingClient geocoding, @RestClient ForecastClient forecast, ObjectMapper mapper) {
        this.geocoding = geocoding;
        this.forecast = forecast;
        this.mapper = mapper;
    }

    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = { UpstreamException.class, TimeoutException.class },
            abortOn = UpstreamRejection.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, successThreshold = 1, skipOn = UpstreamRejection.class)
    public GeocodingResponse search(String name) {
        try {
            return geocoding.search(name, 1, "en", "json");
        } catch (RuntimeException e) {
            throw translate(GEOCODING, e);
        }
    }

    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = { UpstreamException.class, TimeoutException.class },
            abortOn = UpstreamRejection.class)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, successThreshold = 1, skipOn = UpstreamRejection.class)
    public ForecastResponse daily(double latitude, double longitude, LocalDate start, LocalDate end) {
        ForecastResponse response;
        try {
            response = forecast.daily(latitude, longitude, ForecastResponse.DAILY, "auto", start.toString(), end.toString());
        } catch (RuntimeException e) {
            throw translate(FORECAST, e);
        }
        checkComplete(response, ChronoUnit.DAYS.between(start, end) + 1);
        return response;
    }

    private static void checkComplete(ForecastResponse response, long days) {
        ForecastResponse.Daily d = response == null ? null : response.daily();
        if (d == null || d.time() == null || d.time().size() != days || d.temperatureMax() == null || d.temperatureMin() == null
                || d.weatherCode() == null || d.temperatureMax().size() != days || d.temperatureMin().size() != days
                || d.weatherCode().size() != days) {
            throw new UpstreamException(FORECAST, "the answer does not hold " + days + " days of daily data", null);
        }
    }

    private RuntimeException translate(String upstream, RuntimeException e) {
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                return new UpstreamRejection(upstream, reason(wae));
            }
            return new UpstreamException(upstream, "HTTP " + status, e);
        }
        return new UpstreamException(upstream, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())), e);
    }

    /** Open-Meteo explains a 400 as {@code {"error": true, "reason": "..."}}. */
    private String reason(WebApplicationException e) {
        try {
            String body = e.getResponse().readEntity(String.class);
            JsonNode json = mapper.readTree(body);
            return json.hasNonNull("reason") ? json.get("reason").asText() : "HTTP " + e.getResponse().getStatus();
        } catch (Exception unreadable) {
            return "HTTP " + e.getResponse().getStatus();
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
