package dev.agentfleet.coordinator;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.testing.redis.RedisTestResource.InjectRedisServer;
import dev.agentfleet.coordinator.testing.TestFunctions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The coordinator is ready only while its Redis (where all workflow state lives) answers, and once it has registered
 * its seed workflows.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class CoordinatorHealthTest {

    @InjectRedisServer
    RedisServer redis;

    @Test
    void readyWithRedisAndNotReadyWithoutIt() {
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(containsString("Redis")))
                .body("checks.find { it.name == 'Seed workflows' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Seed workflows' }.data.travel-planning", equalTo("registered"));

        redis.stop();
        try {
            Management.given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            Management.given().get("/q/health/live").then().statusCode(200);
        } finally {
            redis.start();
        }
        Management.given().get("/q/health/ready").then().statusCode(200);
    }
}
