package dev.agentfleet.weather;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.agentfleet.testing.http.BadInputChecks;
import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.weather.upstream.OpenMeteoWireMock;
import dev.agentfleet.weather.upstream.OpenMeteoWireMock.InjectOpenMeteo;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;

/** forecast over HTTP and both CloudEvent modes against WireMock as Open-Meteo, and its bad input. {@code ...IT} runs these on the jar. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(OpenMeteoWireMock.class)
class ForecastFunctionTest {

    @InjectOpenMeteo
    WireMockServer openMeteo;

    @BeforeEach
    void stubOpenMeteo() {
        RestAssured.config = RestAssured.config().jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
        openMeteo.resetAll();
        openMeteo.stubFor(OpenMeteoWireMock.geocodes("Lisbon", 38.72, -9.14, "Portugal", "Europe/Lisbon"));
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(OpenMeteoWireMock.twoDays("2026-12-07", "2026-12-08"))));
    }

    @Test
    void placeNameIsGeocodedAndEachDayScored() {
        given().contentType("application/json")
                .body("{\"place\": \"Lisbon\", \"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}")
                .when().post("/forecast")
                .then().statusCode(200)
                .body("place.name", equalTo("Lisbon"))
                .body("place.country", equalTo("Portugal"))
                .body("days.size()", equalTo(2))
                .body("days[0].condition", equalTo("Moderate rain"))
                .body("days[0].outdoorSuitability", equalTo(0.10))
                .body("days[1].condition", equalTo("Clear sky"))
                .body("days[1].outdoorSuitability", equalTo(0.96)) // 5 % rain: 1 - 0.8 * 0.05
                .body("stale", equalTo(false));
    }

    @Test
    void coordinatesSkipGeocoding() {
        given().contentType("application/json")
                .body("{\"latitude\": 10.5, \"longitude\": 20.25, \"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}")
                .when().post("/forecast")
                .then().statusCode(200)
                .body("place.latitude", equalTo(10.5))
                .body("days.size()", equalTo(2));
    }

    @Test
    void binaryCloudEvent() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-specversion", "1.0")
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.forecast")
                .body("{\"latitude\": 11.5, \"longitude\": 20.25, \"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}")
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "forecast.output")
                .body("days[1].condition", equalTo("Clear sky"));
    }

    @Test
    void structuredCloudEvent() {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/tests", "type": "dev.agentfleet.forecast",
                 "datacontenttype": "application/json",
                 "data": {"latitude": 12.5, "longitude": 20.25, "startDate": "2026-12-07", "endDate": "2026-12-08"}}
                """.formatted(UUID.randomUUID());
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/")
                .then().statusCode(200)
                .body("type", equalTo("forecast.output"))
                .body("data.days.size()", equalTo(2));
    }

    @Test
    void neitherPlaceNorCoordinatesIs422() {
        FunctionCalls.rejects("/forecast", "{\"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}", 422, "place");
    }

    @Test
    void rangeOverSixteenDaysIs422() {
        FunctionCalls.rejects("/forecast",
                "{\"place\": \"Lisbon\", \"startDate\": \"2026-12-01\", \"endDate\": \"2026-12-20\"}", 422, "endDate");
    }

    @Test
    void textLatitudeIs400() {
        given().contentType("application/json").body("{\"latitude\": \"north\", \"longitude\": 1, \"startDate\": \"2026-12-01\", \"endDate\": \"2026-12-02\"}")
                .when().post("/forecast")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("latitude"));
    }

    @Test
    void unknownPlaceIs422() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/search")).atPriority(1)
                .withQueryParam("name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Atlantis"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"generationtime_ms\": 0.3}")));
        given().contentType("application/json").body("{\"place\": \"Atlantis\", \"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}")
                .when().post("/forecast")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("place"));
    }

    @Test
    void upstreamRejectionIs422WithItsReason() {
        openMeteo.stubFor(get(urlPathEqualTo("/v1/forecast")).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": true, \"reason\": \"Parameter 'start_date' is out of allowed range\"}")));
        given().contentType("application/json").body("{\"latitude\": 13.5, \"longitude\": 1, \"startDate\": \"1999-01-01\", \"endDate\": \"1999-01-02\"}")
                .when().post("/forecast")
                .then().statusCode(422)
                .body("detail", org.hamcrest.Matchers.containsString("out of allowed range"));
    }

    @Test
    void malformedJsonIs400() {
        BadInputChecks.malformedJsonIs400("/forecast", "{\"place\": \"Lisbon\", ");
    }

    @Test
    void bodyOverTheConfiguredLimitIs413() {
        BadInputChecks.bodyOverTheLimitIs413("/forecast");
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        BadInputChecks.stalledBodyIs408("/forecast", java.time.Duration.ofSeconds(2));
        BadInputChecks.streamOverTheLimitIsCut("/forecast");
    }
}
