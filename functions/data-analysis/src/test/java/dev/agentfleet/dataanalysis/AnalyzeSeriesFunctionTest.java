package dev.agentfleet.dataanalysis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.BadInputChecks;
import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;

/** analyze-series over HTTP and both CloudEvent modes, and its bad-input answers. {@code ...IT} runs these on the jar. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class AnalyzeSeriesFunctionTest {

    private static final String SERIES = "{\"values\": [1, 3, 5, 7, 9, 11, 13]}";

    @BeforeAll
    static void readDecimalsAsDoubles() {
        RestAssured.config = RestAssured.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void plainHttpReturnsTheAnalysis() {
        given().contentType("application/json").body(SERIES)
                .when().post("/analyze-series")
                .then().statusCode(200)
                .body("statistics.count", equalTo(7))
                .body("statistics.mean", closeTo(7.0, 1e-9))
                .body("trend.slope", closeTo(2.0, 1e-9))
                .body("trend.direction", equalTo("rising"))
                .body("percentiles.p50", closeTo(7.0, 1e-9));
    }

    @Test
    void binaryCloudEventIsAnsweredWithAnOutputEvent() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.analyze-series")
                .body(SERIES)
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "analyze-series.output")
                .header("ce-source", "data-analysis")
                .body("trend.slope", closeTo(2.0, 1e-9));
    }

    @Test
    void structuredCloudEventIsAnsweredWithAnOutputEvent() {
        FunctionCalls.structuredEvent("dev.agentfleet.analyze-series", SERIES).statusCode(200)
                .body("type", equalTo("analyze-series.output"))
                .body("data.statistics.count", equalTo(7));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType("application/json").body("{\"values\": [1, 2,")
                .when().post("/analyze-series")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:malformed-json"));
    }

    @Test
    void missingValuesIs422NamingValues() {
        given().contentType("application/json").body("{\"zThreshold\": 2}")
                .when().post("/analyze-series")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("values"));
    }

    @Test
    void textInsteadOfNumberIs400NamingTheElement() {
        given().contentType("application/json").body("{\"values\": [1, 2, \"three\"]}")
                .when().post("/analyze-series")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("values[2]"))
                .body("errors[0].message", equalTo("must be a number"));
    }

    @Test
    void tooShortSeriesAndBadThresholdAreBothNamed() {
        FunctionCalls.rejects("/analyze-series", "{\"values\": [1, 2], \"zThreshold\": -1}", 422, "values", "zThreshold");
    }

    @Test
    void oversizedBodyIs413() {
        StringBuilder big = new StringBuilder("{\"values\": [");
        for (int i = 0; i < 300_000; i++) {
            big.append(i).append(',');
        }
        big.append("0]}");
        given().contentType("application/json").body(big.toString())
                .when().post("/analyze-series")
                .then().statusCode(413)
                .contentType("application/problem+json");
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        BadInputChecks.stalledBodyIs408("/analyze-series", java.time.Duration.ofSeconds(2));
        BadInputChecks.streamOverTheLimitIsCut("/analyze-series");
    }
}
