package dev.agentfleet.localfleet.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The bad-input answers every agentfleet function owes (agent-sdk's error model), checked over real HTTP against the
 * application under test. Function tests call these instead of repeating them.
 */
public final class BadInputChecks {

    /** Above agent-sdk's default {@code quarkus.http.limits.max-body-size} of 1M. */
    private static final int OVERSIZED = 1_100_000;

    private BadInputChecks() {
    }

    /** {@code truncatedJson} posted to {@code path} is a 400 malformed-json problem. */
    public static void malformedJsonIs400(String path, String truncatedJson) {
        given().contentType("application/json").body(truncatedJson)
                .when().post(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:malformed-json"));
    }

    /** A body over the configured limit posted to {@code path} is a 413 payload-too-large problem. */
    public static void bodyOverTheLimitIs413(String path) {
        given().contentType("application/json").body("{\"pad\": \"" + "x".repeat(OVERSIZED) + "\"}")
                .when().post(path)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:payload-too-large"));
    }

    /**
     * A large multipart body (which Vert.x' body handler tries to decode as a form) posted to {@code path}, and a
     * structured CloudEvent that is JSON {@code null} posted to the root, are 4xx problems, not 500s.
     */
    public static void formAndNullEventBodiesAreRejected(String path) {
        given().contentType("multipart/form-data; boundary=x").body("[".repeat(10_000).getBytes())
                .when().post(path)
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:unsupported-media-type"));
        given().contentType("application/cloudevents+json").body("null")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:bad-request"));
    }
}
