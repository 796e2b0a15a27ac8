package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentfleet.localfleet.auth.DevTokens;
import io.restassured.RestAssured;

import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.coordinator.testing.TestFunctions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Registering and reading definitions over HTTP, against a real Redis. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class DefinitionsResourceTest {

    @BeforeAll
    static void asAdmin() {
        String token = "Bearer " + DevTokens.token("definitions-test", "workflow-admin");
        RestAssured.filters((request, response, context) -> {
            request.header("Authorization", token);
            return context.next(request, response);
        });
    }

    @AfterAll
    static void anonymousAgain() {
        RestAssured.replaceFiltersWith(java.util.List.of());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String workflow(String name, String version, String timeout) {
        return """
                name: %s
                version: "%s"
                steps:
                  - id: forecast
                    function: weather/forecast
                    timeout: %s
                """.formatted(name, version, timeout);
    }

    @Test
    void seedWorkflowsAreRegisteredAtStartUp() {
        given().get("/workflows/definitions").then().statusCode(200)
                .body("name", hasItems("customer-service", "security-triage", "travel-planning"));
        given().get("/workflows/definitions/travel-planning").then().statusCode(200)
                .body("version", equalTo("1"))
                .body("hash", startsWith("sha256:"))
                .body("definition.steps.id", hasItems("forecast", "itinerary", "accommodation"));
    }

    @Test
    void newDefinitionIs201ThenTheSameAgainIs200() {
        String name = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = workflow(name, "1", "5s");

        String hash = given().contentType("application/yaml").body(bytes(yaml)).post("/workflows/definitions")
                .then().statusCode(201)
                .header("Location", endsWith("/workflows/definitions/" + name + "/versions/1"))
                .extract().path("hash");
        given().contentType("application/yaml").body(bytes(yaml)).post("/workflows/definitions")
                .then().statusCode(200).body("hash", equalTo(hash));
    }

    @Test
    void sameVersionWithOtherContentIs409AndTheOldContentStays() {
        String name = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        String first = given().contentType("application/yaml").body(bytes(workflow(name, "1", "5s"))).post("/workflows/definitions")
                .then().statusCode(201).extract().path("hash");

        given().contentType("application/yaml").body(bytes(workflow(name, "1", "9s"))).post("/workflows/definitions")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("version"));
        given().get("/workflows/definitions/" + name + "/versions/1").then().statusCode(200).body("hash", equalTo(first));
    }

    @Test
    void newVersionBecomesLatestAndTheOldOneIsStillReadable() {
        String name = "wf-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = given().contentType("application/yaml").body(bytes(workflow(name, "1", "5s"))).post("/workflows/definitions")
                .then().statusCode(201).extract().path("hash");
        String v2 = given().contentType("application/json")
                .body("{\"name\": \"" + name + "\", \"version\": \"2\", \"steps\": [{\"id\": \"forecast\", \"function\": \"weather/forecast\"}]}")
                .post("/workflows/definitions").then().statusCode(201).extract().path("hash");

        given().get("/workflows/definitions/" + name).then().statusCode(200).body("version", equalTo("2")).body("hash", equalTo(v2));
        given().get("/workflows/definitions/" + name + "/versions/1").then().statusCode(200).body("hash", equalTo(v1));
        given().get("/workflows/definitions").then().body("find { it.name == '" + name + "' }.latestVersion", equalTo("2"));
        given().get("/workflows/definitions").then().body("find { it.name == '" + name + "' }.versions.keySet()", hasItems("1", "2"))
                .body("name", hasItem(name)).body("name", not(hasItem("nothing")));
    }

    @Test
    void invalidDefinitionIs422PointingAtTheStepAndField() {
        given().contentType("application/yaml").body(bytes("""
                name: broken
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, dependsOn: [b]}
                  - {id: b, function: weather/forecast, dependsOn: [a], timeout: later}
                """)).post("/workflows/definitions")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:validation"))
                .body("errors.field", hasItem("steps[1].timeout"));
    }

    @Test
    void cycleIs422() {
        given().contentType("application/yaml").body(bytes("""
                name: cyclic
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, dependsOn: [b]}
                  - {id: b, function: weather/forecast, dependsOn: [a]}
                """)).post("/workflows/definitions")
                .then().statusCode(422)
                .body("errors[0].message", startsWith("forms a cycle"));
    }

    @Test
    void malformedYamlIs400() {
        given().contentType("application/yaml").body(bytes("name: [unclosed\n")).post("/workflows/definitions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:malformed-json"));
    }

    @Test
    void unknownWorkflowIs404AndPlainTextIs415() {
        given().get("/workflows/definitions/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().contentType("text/plain").body("hello").post("/workflows/definitions")
                .then().statusCode(415).contentType("application/problem+json");
    }
}
