package dev.agentfleet.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.BadInputChecks;
import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Bad input of every kind is a 4xx problem+json naming the field, never a 500 or a stack trace. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ProblemResponsesTest {

    @Test
    void aFunctionWithoutInputTakesAnEmptyBodyOrNone() {
        given().contentType("application/json").post("/count-runs").then().statusCode(200);
        given().contentType("application/json").body("").post("/count-runs").then().statusCode(200);
        given().contentType("application/json").body(" { } ").post("/count-runs").then().statusCode(200);
        given().contentType("application/json").body("{\"n\": 1}").post("/count-runs").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("$"));
    }

    @Test
    void malformedJsonIs400NamingTheBody() {
        given().contentType("application/json").body("{\"name\": \"Ada\", ")
                .when().post("/greet")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:malformed-json"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/greet"))
                .body("errors[0].field", equalTo("$"));
    }

    @Test
    void missingRequiredFieldIs422NamingIt() {
        given().contentType("application/json").body("{\"times\": 2}")
                .when().post("/greet")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:validation"))
                .body("errors.field", hasItem("name"))
                .body("errors.find { it.field == 'name' }.message", equalTo("must not be blank"));
    }

    @Test
    void outOfRangeValuesAreEachNamed() {
        FunctionCalls.rejects("/greet", "{\"name\": \"Ada\", \"times\": 9, \"lucky\": [1, 2, 3, 4]}", 422, "times", "lucky");
    }

    @Test
    void wrongTypeIs400NamingTheFieldAndTheExpectedType() {
        given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": \"twice\"}")
                .when().post("/greet")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:invalid-type"))
                .body("errors[0].field", equalTo("times"))
                .body("errors[0].message", equalTo("must be an integer"));
    }

    @Test
    void wrongTypeInsideAnArrayNamesTheElement() {
        given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": 1, \"lucky\": [1, \"x\"]}")
                .when().post("/greet")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("lucky[1]"));
    }

    @Test
    void emptyBodyIs400() {
        given().contentType("application/json").body("")
                .when().post("/greet")
                .then().statusCode(400)
                .body("type", equalTo("urn:agentfleet:problem:missing-body"));
    }

    @Test
    void jsonNullBodyIs422() {
        given().contentType("application/json").body("null")
                .when().post("/greet")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("$"));
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"name\": \"" + "x".repeat(20_000) + "\", \"times\": 1}";
        given().contentType("application/json").body(big)
                .when().post("/greet")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:payload-too-large"));
    }

    @Test
    void nonJsonMediaTypeIs415() {
        given().contentType("text/plain").body("name=Ada")
                .when().post("/greet")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Content-Type"));
    }

    @Test
    void unknownFunctionIs404Problem() {
        given().contentType("application/json").body("{}")
                .when().post("/no-such-function")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:unknown-function"));
    }

    @Test
    void getIs405WithAllowHeader() {
        given().when().get("/greet")
                .then().statusCode(405)
                .header("Allow", "POST")
                .contentType("application/problem+json");
    }

    @Test
    void upstreamFailureKeepsItsStatusAndSaysWhichUpstream() {
        given().contentType("application/json").body("{\"item\": \"broken\"}")
                .when().post("/place-order")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .body("detail", containsString("warehouse API"));
    }

    @Test
    void programmingErrorIs500WithoutStackTraceOrMessage() {
        given().contentType("application/json").body("{\"item\": \"bug\"}")
                .when().post("/place-order")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body(not(containsString("xyz-123")))
                .body(not(containsString("at dev.agentfleet")));
    }

    @Test
    void jsonFailureInsideTheFunctionIs500NotTheCallersFault() {
        given().contentType("application/json").body("{\"item\": \"json-bug\"}")
                .when().post("/place-order")
                .then().statusCode(500)
                .body("type", equalTo("urn:agentfleet:problem:internal"));
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        BadInputChecks.stalledBodyIs408("/greet", java.time.Duration.ofSeconds(2));
        BadInputChecks.streamOverTheLimitIsCut("/greet");
    }
}
