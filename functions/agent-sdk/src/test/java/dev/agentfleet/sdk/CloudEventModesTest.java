package dev.agentfleet.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The same function over plain HTTP, binary CloudEvents and structured CloudEvents, and their error cases. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class CloudEventModesTest {

    @Test
    void plainHttpReturnsJson() {
        given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": 2}")
                .when().post("/greet")
                .then().statusCode(200)
                .body("message", equalTo("Hello Ada! Hello Ada!"));
    }

    @Test
    void binaryCloudEventGetsBinaryResponseEvent() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "greet")
                .body("{\"name\": \"Ada\", \"times\": 1}")
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "greet.output")
                .header("ce-id", notNullValue())
                .body("message", equalTo("Hello Ada!"));
    }

    @Test
    void structuredCloudEventGetsStructuredResponseEvent() {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/tests", "type": "greet",
                 "datacontenttype": "application/json", "data": {"name": "Ada", "times": 1}}
                """.formatted(UUID.randomUUID());
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/")
                .then().statusCode(200)
                .body("type", equalTo("greet.output"))
                .body("data.message", equalTo("Hello Ada!"));
    }

    @Test
    void binaryEventWithBadDataNamesTheField() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "greet")
                .body("{\"name\": \"Ada\", \"times\": \"often\"}")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("times"));
    }

    @Test
    void structuredEventWithInvalidDataIs422() {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/tests", "type": "greet",
                 "datacontenttype": "application/json", "data": {"times": 1}}
                """.formatted(UUID.randomUUID());
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("name"));
    }

    @Test
    void binaryEventMissingSourceIs400() {
        given().contentType("application/json")
                .header("ce-id", "1")
                .header("ce-specversion", "1.0")
                .header("ce-type", "greet")
                .body("{\"name\": \"Ada\", \"times\": 1}")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void structuredEventWithoutTypeIs400() {
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": \"1\", \"source\": \"/t\"}")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void structuredEventThatIsNotJsonIs400() {
        given().contentType("application/cloudevents+json").body("{not json")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void unknownEventTypeIs404() {
        given().contentType("application/json")
                .header("ce-id", "1")
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.nobody")
                .body("{}")
                .when().post("/")
                .then().statusCode(404)
                .body("errors[0].field", equalTo("type"));
    }

    @Test
    void binaryEventWithNonJsonDataIs415() {
        given().contentType("text/plain")
                .header("ce-id", "1")
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "greet")
                .body("hello")
                .when().post("/")
                .then().statusCode(415);
    }

    @Test
    void aBinaryEventMissingOnlyItsIdIs400NamingTheAttribute() {
        given().contentType("application/json")
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "greet")
                .body("{\"name\": \"Ada\", \"times\": 1}")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("ce-id"));
    }

    @Test
    void aBatchOfEventsIs415SayingBatchesAreNotAccepted() {
        String batch = """
                [{"specversion": "1.0", "id": "%s", "source": "/tests", "type": "greet", "data": {"name": "Ada", "times": 1}}]
                """.formatted(UUID.randomUUID());
        given().contentType("application/cloudevents-batch+json").body(batch)
                .when().post("/")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Batches of CloudEvents are not accepted"));
    }
}
