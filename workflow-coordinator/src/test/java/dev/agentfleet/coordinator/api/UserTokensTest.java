package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

    @Inject
    MeterRegistry meters;

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

    @Test
    void aTokenVerifiedOnceIsRememberedWithItsRolesAndAnotherSignatureIsNot() {
        Instant now = Instant.now();
        String reader = DevTokens.token("carol", DevTokens.AUDIENCE, now, now.plus(Duration.ofMinutes(5)), "workflow-read");
        double full = checks("full");
        double remembered = checks("remembered");
        for (int i = 0; i < 3; i++) {
            read(reader).statusCode(200);
            given().header("Authorization", "Bearer " + reader).get("/dead-letters").then().statusCode(403); // admin only
        }
        assertThat(checks("full") - full).as("verified in full once").isEqualTo(1.0);
        assertThat(checks("remembered") - remembered).as("then answered from memory").isEqualTo(5.0);
        // the same claims signed by another key: a different token, verified in full and refused
        String other = DevTokens.token("mallory", DevTokens.AUDIENCE, now, now.plus(Duration.ofMinutes(5)), "workflow-read");
        String forged = reader.substring(0, reader.lastIndexOf('.') + 1) + other.substring(other.lastIndexOf('.') + 1);
        read(forged).statusCode(401).contentType("application/problem+json");
        read(forged).statusCode(401);
        assertThat(checks("remembered") - remembered).as("a refused token is never remembered").isEqualTo(5.0);
    }

    private double checks(String check) {
        Counter counter = meters.find("agentfleet.api.token.checks").tag("check", check).counter();
        return counter == null ? 0 : counter.count();
    }

    private static io.restassured.response.ValidatableResponse read(String token) {
        return given().header("Authorization", "Bearer " + token).get("/workflows/runs").then();
    }
}
