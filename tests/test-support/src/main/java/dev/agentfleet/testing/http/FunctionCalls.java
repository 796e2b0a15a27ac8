package dev.agentfleet.testing.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;

import java.util.UUID;

import io.restassured.response.ValidatableResponse;

/**
 * The calls function tests make again and again, against the application under test: a structured CloudEvent, and a
 * plain-HTTP call that must be refused with a problem naming its bad fields (agent-sdk's error model).
 */
public final class FunctionCalls {

    private FunctionCalls() {
    }

    /** Posts {@code data} as a structured CloudEvent ({@code application/cloudevents+json}) of {@code type} to the root. */
    public static ValidatableResponse structuredEvent(String type, String data) {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/tests", "type": "%s",
                 "datacontenttype": "application/json", "data": %s}
                """.formatted(UUID.randomUUID(), type, data);
        return given().contentType("application/cloudevents+json").body(event).when().post("/").then();
    }

    /**
     * Posts {@code json} to {@code path}: the answer must be an {@code application/problem+json} of {@code status} whose
     * {@code errors} name every one of {@code fields}.
     */
    public static ValidatableResponse rejects(String path, String json, int status, String... fields) {
        ValidatableResponse response = given().contentType("application/json").body(json).when().post(path).then()
                .statusCode(status).contentType("application/problem+json");
        return fields.length == 0 ? response : response.body("errors.field", hasItems(fields));
    }
}
