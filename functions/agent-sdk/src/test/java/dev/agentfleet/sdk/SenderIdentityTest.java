package dev.agentfleet.sdk;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.testing.senders.SenderIssuer;
import dev.agentfleet.testing.senders.SenderIssuerResource;
import dev.agentfleet.testing.senders.SenderIssuerResource.InjectSenderIssuer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * With sender verification on (as the Knative manifests set it), a function answers only calls carrying a token of
 * the trusted issuer, for its audience, recent, of an allowed subject: the token checked against a real JWKS served
 * over HTTP. Every other call is refused before the function runs.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(SenderIssuerResource.class)
class SenderIdentityTest {

    @InjectSenderIssuer
    SenderIssuer issuer;

    @Test
    void aTriggerAndTheCoordinatorMayCall() {
        int before = GreetFunction.RUNS.get();
        call("Bearer " + issuer.token(SenderIssuerResource.TRIGGER)).statusCode(200).body("message", equalTo("Hello Ada!"));
        cloudEvent("Bearer " + issuer.token(SenderIssuerResource.COORDINATOR)).statusCode(200).body("message", equalTo("Hello Ada!"));
        org.assertj.core.api.Assertions.assertThat(GreetFunction.RUNS.get()).isEqualTo(before + 2);
    }

    @Test
    void noTokenIs401WithAChallenge() {
        int before = GreetFunction.RUNS.get();
        unauthorized(call(null), "authenticated senders only").header("WWW-Authenticate", containsString("Bearer"));
        unauthorized(cloudEvent(null), "authenticated senders only");
        unauthorized(call("Basic dXNlcjpwYXNz"), "authenticated senders only");
        unauthorized(call("Bearer "), "authenticated senders only");
        unauthorized(call("Bearer  \t"), "authenticated senders only");
        org.assertj.core.api.Assertions.assertThat(GreetFunction.RUNS.get()).isEqualTo(before);
    }

    @Test
    void aTokenThatDoesNotVerifyIs401SayingWhy() {
        String who = SenderIssuerResource.TRIGGER;
        unauthorized(call("Bearer " + issuer.forgedToken(who)), "signature");
        unauthorized(call("Bearer " + issuer.tokenFor(who, "someone-else")), "audience");
        unauthorized(call("Bearer " + issuer.tokenFromIssuer(who, "https://evil.example")), "issuer");
        unauthorized(call("Bearer " + issuer.tokenAged(who, Duration.ofHours(2), Duration.ofHours(1))), "expired");
        unauthorized(call("Bearer " + issuer.tokenAged(who, Duration.ofHours(3), Duration.ofHours(5))), "too long ago");
        unauthorized(call("Bearer " + issuer.unsignedToken(who)), "RS256");
        unauthorized(call("Bearer not.a.jwt"), "not a signed JWT");
        unauthorized(call("Bearer " + "x".repeat(6000)), "not a signed JWT");
    }

    @Test
    void aValidTokenOfAnotherWorkloadIs403NamingSub() {
        cloudEvent("Bearer " + issuer.token(SenderIssuerResource.STRANGER)).statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:forbidden"))
                .body("errors[0].field", equalTo("sub"));
    }

    @Test
    void aTokenOfAKeyNotYetFetchedIs503SoTheSenderRetries() {
        call("Bearer " + issuer.tokenOfUnknownKey(SenderIssuerResource.TRIGGER)).statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("detail", containsString("key this process does not know yet"));
    }

    @Test
    void healthStaysOpenForTheKubelet() {
        Management.given().get("/q/health/live").then().statusCode(200);
    }

    private static ValidatableResponse unauthorized(ValidatableResponse response, String detail) {
        return response.statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:unauthorized"))
                .body("errors[0].field", equalTo("Authorization"))
                .body("detail", containsString(detail));
    }

    private static ValidatableResponse call(String authorization) {
        var request = given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": 1}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post("/greet").then();
    }

    private static ValidatableResponse cloudEvent(String authorization) {
        var request = given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-specversion", "1.0")
                .header("ce-source", "/tests")
                .header("ce-type", "greet")
                .body("{\"name\": \"Ada\", \"times\": 1}");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.when().post("/").then();
    }
}
