package dev.agentfleet.coordinator.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The events the Knative manifests send the coordinator besides workflow starts: the PingSource's tick and the Broker's
 * dead letters, in the shapes Knative sends them (binary and structured CloudEvents). No bean is injected: the same
 * tests run against the packaged application ({@link KnativeEventsIT}).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class KnativeEventsTest {

    private static final String ADMIN = "Bearer " + DevTokens.token("carol", "workflow-admin");
    private static final String READ = "Bearer " + DevTokens.token("bob", "workflow-read");

    @Test
    void thePingSourceTickIsAnsweredWithWhatTheReplicaDrives() {
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/apis/v1/namespaces/agentfleet/pingsources/workflow-coordinator-tick")
                .header("ce-type", "dev.knative.sources.ping").body("{}").post("/")
                .then().statusCode(200).header("ce-type", "dev.agentfleet.workflow.tick")
                .body("replica", notNullValue()).body("partitions", greaterThan(0)).body("runs", greaterThanOrEqualTo(0));
    }

    @Test
    void aBinaryDeadLetterIsKeptWithKnativesFailureAttributes() {
        String id = UUID.randomUUID().toString();
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.forecast")
                .header("ce-knativeerrordest", "http://weather.agentfleet.svc.cluster.local")
                .header("ce-knativeerrorcode", "503").header("ce-knativeerrordata", "dW5hdmFpbGFibGU=")
                .body("{\"location\": \"Lisbon\", \"days\": 3}").post("/dead-letters")
                .then().statusCode(202).body("entry", notNullValue());
        given().header("Authorization", ADMIN).get("/dead-letters?count=1000").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.type", equalTo("dev.agentfleet.forecast"))
                .body("find { it.id == '" + id + "' }.knativeerrorcode", equalTo("503"))
                .body("find { it.id == '" + id + "' }.knativeerrordest", equalTo("http://weather.agentfleet.svc.cluster.local"))
                .body("find { it.id == '" + id + "' }.data", equalTo("{\"location\": \"Lisbon\", \"days\": 3}"));
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("agentfleet_dead_letters_total{type=\"dev.agentfleet.forecast\"}"));
    }

    @Test
    void aStructuredDeadLetterOfTheCoordinatorsOwnTypeIsKeptNotStarted() {
        String id = UUID.randomUUID().toString();
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": \"" + id
                + "\", \"source\": \"/tests\", \"type\": \"dev.agentfleet.workflow.start\", \"knativeerrordest\": \"x\","
                + " \"knativeerrorcode\": \"500\", \"datacontenttype\": \"application/json\", \"data\": {\"workflow\": \"nope\"}}")
                .post("/dead-letters").then().statusCode(202);
        given().header("Authorization", ADMIN).get("/dead-letters").then().statusCode(200)
                .body("id", hasItem(id));
    }

    @Test
    void whatIsNotAKnativeDeadLetterIsRefusedWithAProblem() {
        given().contentType("application/json").body("{}").post("/dead-letters")
                .then().statusCode(415).contentType("application/problem+json").body("errors[0].field", equalTo("ce-id"));
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "1").header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.forecast").body("{}").post("/dead-letters")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("knativeerrordest"));
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\"}").post("/dead-letters")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/cloudevents+json").body("null").post("/dead-letters")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsReadTheDeadLetters() {
        given().get("/dead-letters").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", READ).get("/dead-letters").then().statusCode(403).contentType("application/problem+json");
        given().header("Authorization", ADMIN).get("/dead-letters?count=0").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("count"));
    }
}
