package dev.agentfleet.planning;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.BadInputChecks;
import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** plan-itinerary and find-accommodation over HTTP and CloudEvents, and bad input. {@code ...IT} runs these on the jar. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class PlanningFunctionsTest {

    static final String ITINERARY = """
            {"destination": "Paris", "startDate": "2026-12-07", "endDate": "2026-12-08", "budget": 300, "groupSize": 2,
             "preferences": ["museum"],
             "forecast": [{"date": "2026-12-07", "outdoorSuitability": 0.2, "condition": "Rain"},
                          {"date": "2026-12-08", "outdoorSuitability": 0.9, "condition": "Clear sky"}]}
            """;

    static final String ACCOMMODATION = """
            {"destination": "Paris", "checkIn": "2026-12-07", "checkOut": "2026-12-09", "budgetPerNight": 250, "groupSize": 2,
             "near": {"latitude": 48.86, "longitude": 2.34}}
            """;

    @Test
    void planItineraryOverHttp() {
        given().contentType("application/json").body(ITINERARY)
                .when().post("/plan-itinerary")
                .then().statusCode(200)
                .body("destination", equalTo("Paris"))
                .body("days.size()", equalTo(2))
                .body("days[0].weather", equalTo("Rain"))
                .body("centroid.latitude", notNullValue());
    }

    @Test
    void findAccommodationOverBinaryCloudEvent() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-specversion", "1.0")
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.find-accommodation")
                .body(ACCOMMODATION)
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "find-accommodation.output")
                .body("nights", equalTo(2))
                .body("options[0].explanation.part", hasItem("distance"));
    }

    @Test
    void planItineraryOverStructuredCloudEvent() {
        FunctionCalls.structuredEvent("dev.agentfleet.plan-itinerary", ITINERARY).statusCode(200)
                .body("type", equalTo("plan-itinerary.output"))
                .body("data.days.size()", equalTo(2));
    }

    @Test
    void tripLongerThanTwoWeeksIs422OnEndDate() {
        FunctionCalls.rejects("/plan-itinerary",
                "{\"destination\": \"Paris\", \"startDate\": \"2026-12-01\", \"endDate\": \"2026-12-31\", \"budget\": 10, \"groupSize\": 1}", 422, "endDate");
    }

    @Test
    void unknownPreferenceAndMissingBudgetAreNamed() {
        FunctionCalls.rejects("/plan-itinerary",
                "{\"destination\": \"Paris\", \"startDate\": \"2026-12-01\", \"endDate\": \"2026-12-02\", \"groupSize\": 1, \"preferences\": [\"casino\"]}", 422, "budget", "preferences[0]");
    }

    @Test
    void badDateIs400() {
        given().contentType("application/json")
                .body("{\"destination\": \"Paris\", \"startDate\": \"next week\", \"endDate\": \"2026-12-02\", \"budget\": 1, \"groupSize\": 1}")
                .when().post("/plan-itinerary")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("startDate"));
    }

    @Test
    void unknownDestinationIs422() {
        given().contentType("application/json").body(ACCOMMODATION.replace("Paris", "Atlantis"))
                .when().post("/find-accommodation")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("destination"));
    }

    @Test
    void malformedJsonIs400() {
        BadInputChecks.malformedJsonIs400("/plan-itinerary", "{\"destination\": \"Paris\", ");
    }

    @Test
    void bodyOverTheConfiguredLimitIs413() {
        BadInputChecks.bodyOverTheLimitIs413("/plan-itinerary");
    }

    @Test
    void formBodiesAndANullCloudEventAreRejectedWithProblems() {
        BadInputChecks.formAndNullEventBodiesAreRejected("/plan-itinerary");
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        BadInputChecks.stalledBodyIs408("/plan-itinerary", java.time.Duration.ofSeconds(2));
        BadInputChecks.streamOverTheLimitIsCut("/plan-itinerary");
    }
}
