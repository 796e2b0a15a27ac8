package dev.agentfleet.weather.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.weather.WeatherConfig;
import dev.agentfleet.weather.upstream.ForecastResponse;
import dev.agentfleet.weather.upstream.GeocodingResponse;
import dev.agentfleet.weather.upstream.OpenMeteoGateway;
import dev.agentfleet.weather.upstream.UpstreamException;
import dev.agentfleet.weather.upstream.UpstreamRejection;

/**
 * Answers a forecast request: a fresh cached forecast if there is one, otherwise the upstream (through the
 * gateway's retries and breaker); when the upstream fails, a stale cached forecast marked {@code stale}, and
 * without one a 503 that names the upstream that failed.
 */
@ApplicationScoped
public class ForecastService {

    private static final Logger LOG = Logger.getLogger(ForecastService.class);

    private final OpenMeteoGateway upstream;
    private final ForecastCache cache;
    private final WeatherConfig config;
    private final Clock clock;

    ForecastService(OpenMeteoGateway upstream, ForecastCache cache, WeatherConfig config, Clock clock) {
        this.upstream = upstream;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    public Forecast forecast(ForecastRequest request) {
        Forecast.Place place = request.hasCoordinates()
                ? new Forecast.Place(null, null, request.latitude(), request.longitude(), null)
                : geocode(request.place());
        Optional<Forecast> cached = cache.forecast(place.latitude(), place.longitude(), request.startDate(), request.endDate());
        if (cached.isPresent() && Duration.between(cached.get().fetchedAt(), clock.instant()).compareTo(config.freshFor()) < 0) {
            return cached.get().asCached();
        }
        try {
            ForecastResponse response = upstream.daily(place.latitude(), place.longitude(), request.startDate(), request.endDate());
            Forecast fresh = toForecast(place, response, clock.instant());
            cache.putForecast(fresh, request.startDate(), request.endDate(), config.keepFor());
            return fresh;
        } catch (UpstreamRejection e) {
            throw new ProblemException(ProblemKind.VALIDATION, e.getMessage(), List.of(new FieldError("$", e.getMessage())), e);
        } catch (UpstreamException | TimeoutException | CircuitBreakerOpenException e) {
            if (cached.isPresent()) {
                LOG.warnf("forecast upstream failed (%s); serving the cached forecast from %s", describe(e), cached.get().fetchedAt());
                return cached.get().asStale();
            }
            throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE,
                    "The forecast upstream failed (" + describe(e) + ") and no cached forecast exists for this place and range.",
                    List.of(), e);
        }
    }

    private Forecast.Place geocode(String name) {
        Optional<Forecast.Place> known = cache.place(name);
        if (known.isPresent()) {
            return known.get();
        }
        GeocodingResponse response;
        try {
            response = upstream.search(name);
        } catch (UpstreamRejection e) {
            throw new ProblemException(ProblemKind.VALIDATION, e.getMessage(), List.of(new FieldError("place", e.getMessage())), e);
        } catch (UpstreamException | TimeoutException | CircuitBreakerOpenException e) {
            throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE,
                    "The geocoding upstream failed (" + describe(e) + "); give latitude and longitude instead of a place name.",
                    List.of(), e);
        }
        if (response == null || response.results() == null || response.results().isEmpty()
                || response.results().get(0).latitude() == null || response.results().get(0).longitude() == null) {
            throw new ProblemException(ProblemKind.VALIDATION, "No place is called " + name + ".",
                    List.of(new FieldError("place", "no place found with this name")), null);
        }
        GeocodingResponse.Result r = response.results().get(0);
        Forecast.Place place = new Forecast.Place(r.name(), r.country(), r.latitude(), r.longitude(), r.timezone());
        cache.putPlace(name, place, config.placesFor());
        return place;
    }

    static Forecast toForecast(Forecast.Place place, ForecastResponse response, Instant fetchedAt) {
        ForecastResponse.Daily d = response.daily();
        List<Forecast.Day> days = new ArrayList<>(d.time().size());
        for (int i = 0; i < d.time().size(); i++) {
            Double max = at(d.temperatureMax(), i);
            Integer rain = at(d.precipitationProbabilityMax(), i);
            Double wind = at(d.windSpeedMax(), i);
            Integer code = at(d.weatherCode(), i);
            days.add(new Forecast.Day(LocalDate.parse(d.time().get(i)), at(d.temperatureMin(), i), max, rain, at(d.precipitationSum(), i),
                    wind, code, WmoCondition.describe(code), OutdoorSuitability.of(max, rain, wind, code)));
        }
        String timezone = place.timezone() != null ? place.timezone() : response.timezone();
        return new Forecast(new Forecast.Place(place.name(), place.country(), place.latitude(), place.longitude(), timezone), days,
                "upstream", false, fetchedAt);
    }

    private static <T> T at(List<T> values, int i) {
        return values == null || i >= values.size() ? null : values.get(i);
    }

    private static String describe(RuntimeException e) {
        if (e instanceof CircuitBreakerOpenException) {
            return "circuit breaker open after repeated failures";
        }
        if (e instanceof TimeoutException) {
            return "timed out";
        }
        return e.getMessage();
    }
}
