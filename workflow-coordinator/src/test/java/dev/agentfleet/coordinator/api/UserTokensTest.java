package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The API's user tokens are checked for more than their signature and expiry: they must be meant for this API (aud)
 * and at most an hour old (iat), however long they claim to be valid.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class UserTokensTest {

    @Test
    void aTokenForThisAudienceIssuedNowIsAccepted() {
        Instant now = Instant.now();
        read(DevTokens.token("bob", DevTokens.AUDIENCE, now, now.plus(Duration.ofMinutes(5)), "workflow-read")).statusCode(200);
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        Instant now = Instant.now();
        read(DevTokens.token("bob", "another-api", now, now.plus(Duration.ofMinutes(5)), "workflow-read")).statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenOlderThanTheMaximumAgeIsRefusedEvenIfNotExpired() {
        Instant now = Instant.now();
        read(DevTokens.token("bob", DevTokens.AUDIENCE, now.minus(Duration.ofHours(2)), now.plus(Duration.ofHours(10)), "workflow-read"))
                .statusCode(401).contentType("application/problem+json");
    }

    private static io.restassured.response.ValidatableResponse read(String token) {
        return given().header("Authorization", "Bearer " + token).get("/workflows/runs").then();
    }
}
