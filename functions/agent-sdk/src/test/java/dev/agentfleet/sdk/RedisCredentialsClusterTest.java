package dev.agentfleet.sdk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisCluster;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.testing.redis.RedisTestResource.InjectRedisCluster;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Short-lived credentials on a real Redis Cluster (runs in the build's cluster execution): the password is rotated and
 * the old one revoked, as an expired Memorystore token is, while the client has connections pooled; those keep
 * working, and connections opened afterwards (every node drops its clients) authenticate with the new password.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class RedisCredentialsClusterTest {

    @InjectRedisCluster
    RedisCluster cluster;

    @Test
    void aRotatedPasswordReachesNewConnectionsWhileOpenOnesKeepWorking() {
        assertThat(cluster).as("run with -Dagentfleet.redis.topology=cluster").isNotNull();
        assertThat(deliver()).isEqualTo(200);

        cluster.rotatePassword("rotated-" + UUID.randomUUID());
        assertThat(deliver()).as("pooled connections, authenticated before the revocation").isEqualTo(200);

        cluster.nodes().forEach(n -> cluster.commandOn(n.port(), "CLIENT", "KILL", "TYPE", "normal"));
        assertThat(deliver()).as("new connections, authenticated with the rotated password").isEqualTo(200);
        Management.given().get("/q/health/ready").then().statusCode(200);
    }

    /** An idempotent delivery: claims and completes a record in Redis. */
    private static int deliver() {
        return given().contentType("application/json").header("ce-id", UUID.randomUUID().toString()).header("ce-specversion", "1.0")
                .header("ce-source", "/rotation").header("ce-type", "greet").body("{\"name\": \"Ada\", \"times\": 1}")
                .post("/").statusCode();
    }
}
