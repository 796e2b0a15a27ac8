package dev.agentfleet.securitymonitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** assess-incident over HTTP and as a CloudEvent: the triage of one incident as detect-threats reports it, and bad input. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class AssessIncidentFunctionTest {

    private static final String TRAVEL = """
            {"type": "IMPOSSIBLE_TRAVEL", "severity": "HIGH", "subject": "user:alice",
             "description": "signed in from Berlin and Sydney 20 minutes apart", "evidence": {"distanceKm": "16090"},
             "recommendedAction": "verify with the user", "at": "2026-11-01T10:00:00Z"}""";

    @Test
    void anAccountSignedInFromTwoPlacesIsRaisedToP1AndPagesSomeone() {
        given().contentType("application/json").body(TRAVEL).when().post("/assess-incident").then().statusCode(200)
                .body("priority", equalTo("P1")).body("escalate", equalTo(true)).body("subject", equalTo("user:alice"))
                .body("playbook", equalTo("pb-impossible-travel"))
                .body("containment", contains("revoke the sessions of user:alice", "require MFA at the next sign-in"));
    }

    @Test
    void aLowRateAnomalyIsP4AndPagesNobody() {
        given().contentType("application/json").body("""
                {"type": "REQUEST_RATE_ANOMALY", "severity": "LOW", "subject": "ip:203.0.113.9"}""")
                .when().post("/assess-incident").then().statusCode(200)
                .body("priority", equalTo("P4")).body("escalate", equalTo(false)).body("containment", contains("rate-limit ip:203.0.113.9"));
    }

    @Test
    void structuredCloudEvent() {
        FunctionCalls.structuredEvent("dev.agentfleet.assess-incident", TRAVEL).statusCode(200)
                .body("type", equalTo("assess-incident.output")).body("data.priority", equalTo("P1"));
    }

    @Test
    void anIncidentWithoutItsTypeIs422AndAnUnknownSeverity400NamingTheField() {
        given().contentType("application/json").body("{\"severity\": \"HIGH\"}").when().post("/assess-incident").then()
                .statusCode(422).body("errors[0].field", equalTo("type"));
        given().contentType("application/json").body("{\"type\": \"XSS\", \"severity\": \"APOCALYPTIC\"}").when()
                .post("/assess-incident").then().statusCode(400).body("errors[0].field", equalTo("severity"));
    }
}
