package dev.agentfleet.weather;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;

import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.weather.upstream.OpenMeteoWireMock;
import dev.agentfleet.weather.upstream.OpenMeteoWireMock.InjectOpenMeteo;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * What happens when Open-Meteo misbehaves: cache hits, retries on errors, timeouts, malformed answers, the breaker,
 * and the stale fallback. In-process only: it resets the breakers and Redis between tests.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(OpenMeteoWireMock.class)
class ForecastResilienceTest {

    private static final String REQUEST = "{\"latitude\": 38.72, \"longitude\": -9.14, \"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}";

    @InjectOpenMeteo
    WireMockServer openMeteo;

    /** The application's own client: the same calls work on a single server and on a cluster. */
    @Inject
    RedisDataSource redis;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        openMeteo.resetAll();
        breakers.resetAll();
        redis.execute("FLUSHDB");
    }

    @Test
    void secondCallIsServedFromRedis() {
        answerTwoDays();

        call().statusCode(200).body("source", equalTo("upstream"));
        call().statusCode(200).body("source", equalTo("cache")).body("stale", equalTo(false));

        openMeteo.verify(1, getRequestedFor(urlPathEqualTo("/v1/forecast")));
    }

    @Test
    void serverErrorsAreRetriedThenAnswered503NamingTheUpstream() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withStatus(502)));

        call().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:upstream-unavailable"))
                .body("detail", containsString("forecast upstream failed (forecast: HTTP 502)"));

        openMeteo.verify(3, getRequestedFor(urlPathEqualTo("/v1/forecast")));
    }

    @Test
    void slowUpstreamTimesOut() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withFixedDelay(8000)
                .withHeader("Content-Type", "application/json").withBody(OpenMeteoWireMock.twoDays("2026-12-07", "2026-12-08"))));

        call().statusCode(503).body("detail", containsString("timed out"));
    }

    @Test
    void malformedAnswerIsAnUpstreamFailure() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"daily\": {\"time\": [\"2026-12-07\"")));

        call().statusCode(503).body("detail", containsString("forecast upstream failed"));
    }

    @Test
    void answerWithMissingDaysIsAnUpstreamFailure() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"daily\": {\"time\": [\"2026-12-07\"], \"temperature_2m_max\": [1], \"temperature_2m_min\": [0], \"weather_code\": [0]}}")));

        call().statusCode(503).body("detail", containsString("does not hold 2 days"));
    }

    @Test
    void droppedConnectionIsRetried() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        call().statusCode(503);
        openMeteo.verify(3, getRequestedFor(urlPathEqualTo("/v1/forecast")));
    }

    @Test
    void failingUpstreamFallsBackToStaleForecast() {
        answerTwoDays();
        call().statusCode(200);
        ageCachedForecast();
        openMeteo.resetAll();
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withStatus(500)));

        call().statusCode(200)
                .body("stale", equalTo(true))
                .body("source", equalTo("cache"))
                .body("days[0].condition", equalTo("Moderate rain"));
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndStopsCallingTheUpstream() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withStatus(500)));

        call().statusCode(503);
        call().statusCode(503);
        int afterTwo = openMeteo.countRequestsMatching(getRequestedFor(urlPathEqualTo("/v1/forecast")).build()).getCount();
        call().statusCode(503).body("detail", containsString("circuit breaker open"));
        int afterThree = openMeteo.countRequestsMatching(getRequestedFor(urlPathEqualTo("/v1/forecast")).build()).getCount();

        assertThat(afterThree).as("an open breaker fails fast without calling Open-Meteo").isEqualTo(afterTwo);
    }

    private ValidatableResponse call() {
        return given().contentType("application/json").body(REQUEST).when().post("/forecast").then();
    }

    private void answerTwoDays() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenMeteoWireMock.twoDays("2026-12-07", "2026-12-08"))));
    }

    /** Rewrites the cached forecast's fetchedAt two hours back, past the 30-minute freshness. */
    private void ageCachedForecast() {
        String key = redis.key().keys("agentfleet:weather:forecast:*").get(0);
        String json = redis.value(String.class).get(key);
        String old = Instant.now().minus(2, ChronoUnit.HOURS).toString();
        String aged = json.replaceFirst("\"fetchedAt\":\"[^\"]+\"", "\"fetchedAt\":\"" + old + "\"");
        assertThat(aged).isNotEqualTo(json);
        redis.value(String.class).set(key, aged, new SetArgs().px(600000));
    }
}
