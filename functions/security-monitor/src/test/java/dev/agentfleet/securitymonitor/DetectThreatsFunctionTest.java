package dev.agentfleet.securitymonitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.BadInputChecks;
import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** detect-threats over HTTP and both CloudEvent modes, and its bad-input answers. {@code ...IT} runs these on the jar. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class DetectThreatsFunctionTest {

    private static String batch() {
        return """
                {"events": [
                  {"timestamp": "2026-11-01T10:00:00Z", "kind": "request", "ip": "203.0.113.%d", "method": "GET",
                   "path": "/products?id=1' OR '1'='1", "status": 200},
                  {"timestamp": "2026-11-01T10:00:01Z", "kind": "auth", "user": "u-%s", "ip": "203.0.113.9", "success": true}
                ]}
                """.formatted(UUID.randomUUID().hashCode() & 0xff, UUID.randomUUID());
    }

    @Test
    void plainHttpReportsTheInjection() {
        given().contentType("application/json").body(batch())
                .when().post("/detect-threats")
                .then().statusCode(200)
                .body("eventsAnalyzed", equalTo(2))
                .body("incidents[0].type", equalTo("SQL_INJECTION"))
                .body("incidents[0].evidence.signature", equalTo("tautology"))
                .body("countsByType.SQL_INJECTION", equalTo(1));
    }

    @Test
    void binaryCloudEvent() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-specversion", "1.0")
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.detect-threats")
                .body(batch())
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "detect-threats.output")
                .body("incidents[0].type", equalTo("SQL_INJECTION"));
    }

    @Test
    void structuredCloudEvent() {
        FunctionCalls.structuredEvent("dev.agentfleet.detect-threats", batch()).statusCode(200)
                .body("type", equalTo("detect-threats.output"))
                .body("data.eventsAnalyzed", equalTo(2));
    }

    @Test
    void malformedJsonIs400() {
        BadInputChecks.malformedJsonIs400("/detect-threats", "{\"events\": [{\"kind\": ");
    }

    @Test
    void missingAndInvalidFieldsAreNamed() {
        FunctionCalls.rejects("/detect-threats",
                "{\"events\": [{\"timestamp\": \"2026-11-01T10:00:00Z\", \"kind\": \"login\"}]}", 422, "events[0].ip", "events[0].kind");
    }

    @Test
    void wrongTimestampTypeIs400NamingIt() {
        given().contentType("application/json").body("{\"events\": [{\"timestamp\": \"yesterday\", \"kind\": \"auth\", \"ip\": \"1.2.3.4\"}]}")
                .when().post("/detect-threats")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("events[0].timestamp"));
    }

    @Test
    void emptyBatchIs422() {
        given().contentType("application/json").body("{\"events\": []}")
                .when().post("/detect-threats")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("events"));
    }

    @Test
    void oversizedBodyIs413() {
        BadInputChecks.bodyOverTheLimitIs413("/detect-threats");
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        BadInputChecks.stalledBodyIs408("/detect-threats", java.time.Duration.ofSeconds(2));
        BadInputChecks.streamOverTheLimitIsCut("/detect-threats");
    }
}
