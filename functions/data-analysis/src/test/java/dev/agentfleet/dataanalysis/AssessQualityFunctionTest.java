package dev.agentfleet.dataanalysis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;


import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** assess-quality over HTTP and a structured CloudEvent, and its bad-input answers. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class AssessQualityFunctionTest {

    private static final String REQUEST = """
            {"inquiry": "My package never arrived and tracking has not changed for a week.",
             "resolution": "Sorry your package has not arrived. 1. We opened a trace with the carrier today. 2. If tracking does not change within 2 days, we ship a replacement."}
            """;

    @Test
    void plainHttpScoresTheResolution() {
        given().contentType("application/json").body(REQUEST)
                .when().post("/assess-quality")
                .then().statusCode(200)
                .body("acceptable", equalTo(true))
                .body("steps.present", equalTo(true))
                .body("coverage.covered", hasItem("package"));
    }

    @Test
    void structuredCloudEventIsRoutedByType() {
        FunctionCalls.structuredEvent("dev.agentfleet.assess-quality", REQUEST).statusCode(200)
                .body("type", equalTo("assess-quality.output"))
                .body("data.acceptable", equalTo(true));
    }

    @Test
    void blankResolutionIs422() {
        given().contentType("application/json").body("{\"inquiry\": \"Where is my order?\", \"resolution\": \" \"}")
                .when().post("/assess-quality")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("resolution"));
    }

    @Test
    void numberInsteadOfTextIs400() {
        given().contentType("application/json").body("{\"inquiry\": [1], \"resolution\": \"x\"}")
                .when().post("/assess-quality")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("inquiry"));
    }
}
