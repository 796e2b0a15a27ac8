package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The per-subject start rate over real HTTP and Redis: a burst of 3 and one start every 10 seconds, so the fourth start
 * in a row is a 429 with Retry-After, for users and event sources alike, while another subject still starts.
 */
@QuarkusTest
@TestProfile(StartRateTest.SlowStarts.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class StartRateTest {

    public static class SlowStarts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agentfleet.coordinator.start-rate.per-second", "0.1", "agentfleet.coordinator.start-rate.burst", "3");
        }
    }

    @Inject
    DefinitionRegistry registry;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;

    private String workflow() {
        return ApiFixture.register(registry, "rate", "steps:\n  - {id: a, function: test/act}\n");
    }

    private static Response start(String user, String workflow) {
        return ApiFixture.as(ApiFixture.bearer(user, "workflow-submit"))
                .body("{\"workflow\": \"" + workflow + "\", \"input\": {}}").post("/workflows/runs");
    }

    private static Response startEvent(String source, String workflow) {
        return given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", source).header("ce-type", "dev.agentfleet.workflow.start")
                .body("{\"workflow\": \"" + workflow + "\", \"input\": {}}").post("/");
    }

    @Test
    void aSubjectBeyondItsBurstGets429WithRetryAfterAndOthersStillStart() {
        String wf = workflow();
        String user = "rate-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            start(user, wf).then().statusCode(202);
        }
        Response refused = start(user, wf);
        refused.then().statusCode(429).contentType("application/problem+json").body("status", equalTo(429));
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 10L);

        start("other-" + UUID.randomUUID(), wf).then().statusCode(202);
        assertThat(redis.key().exists(keys.startRate("user:" + user))).isTrue();

        // The bucket refills at its rate: a start goes through again once a token is back.
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> start(user, wf).statusCode() == 202);
    }

    @Test
    void anEventSourceIsLimitedLikeAUserAndTheSenderIsToldWhenToRetry() {
        String wf = workflow();
        String source = "/rate/" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            startEvent(source, wf).then().statusCode(200);
        }
        Response refused = startEvent(source, wf);
        refused.then().statusCode(429).contentType("application/problem+json");
        assertThat(refused.header("Retry-After")).isNotNull();
    }
}
