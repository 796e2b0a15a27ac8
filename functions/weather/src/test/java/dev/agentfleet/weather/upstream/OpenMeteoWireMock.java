package dev.agentfleet.weather.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A WireMock server on loopback that plays Open-Meteo (geocoding and forecast), with fault-tolerance timings shortened
 * so retries, timeouts and the breaker show within a test.
 */
public class OpenMeteoWireMock implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@link WireMockServer} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectOpenMeteo {
    }

    private static final String GATEWAY = "dev.agentfleet.weather.upstream.OpenMeteoGateway/";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String url = "http://127.0.0.1:" + server.port();
        return Map.ofEntries(
                Map.entry("quarkus.rest-client.geocoding.url", url),
                Map.entry("quarkus.rest-client.forecast.url", url),
                // Wide enough for a cold JVM on a loaded 2-core machine (500 ms failed a structured-event test in CI
                // there); ForecastResilienceTest's slow upstream answers well after it.
                Map.entry(GATEWAY + "daily/Timeout/value", "3000"),
                Map.entry(GATEWAY + "search/Timeout/value", "3000"),
                Map.entry(GATEWAY + "daily/Retry/delay", "10"),
                Map.entry(GATEWAY + "daily/Retry/jitter", "0"),
                Map.entry(GATEWAY + "search/Retry/delay", "10"),
                Map.entry(GATEWAY + "search/Retry/jitter", "0"),
                Map.entry(GATEWAY + "daily/CircuitBreaker/delay", "60000"));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectOpenMeteo.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Geocoding for {@code name} answers one result. */
    public static MappingBuilder geocodes(String name, double latitude, double longitude, String country, String timezone) {
        return get(urlPathEqualTo("/v1/search")).withQueryParam("name", com.github.tomakehurst.wiremock.client.WireMock.equalTo(name))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"results": [{"id": 1, "name": "%s", "latitude": %s, "longitude": %s, "country": "%s", "timezone": "%s",
                          "population": 500000}], "generationtime_ms": 0.5}
                        """.formatted(name, latitude, longitude, country, timezone)));
    }

    /** Two days of Open-Meteo daily data: a rainy, windy day and a clear warm one. */
    public static String twoDays(String first, String second) {
        return """
                {"latitude": 38.72, "longitude": -9.14, "timezone": "Europe/Lisbon", "timezone_abbreviation": "WET",
                 "daily_units": {"time": "iso8601", "temperature_2m_max": "°C"},
                 "daily": {"time": ["%s", "%s"],
                   "temperature_2m_max": [14.2, 22.5], "temperature_2m_min": [9.1, 15.0],
                   "precipitation_probability_max": [90, 5], "precipitation_sum": [12.4, 0.0],
                   "wind_speed_10m_max": [45.0, 12.0], "weather_code": [63, 0]}}
                """.formatted(first, second);
    }
}
