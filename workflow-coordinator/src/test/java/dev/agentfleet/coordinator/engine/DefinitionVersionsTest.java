package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * A run keeps the definition version it started with: registering version 2 while a version-1 run is in flight changes
 * nothing for it (its steps, its hash), and new runs take version 2. Over the real API, Redis and HTTP functions.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class DefinitionVersionsTest {

    private static final String ADMIN = "Bearer " + DevTokens.token("carol", "workflow-admin", "workflow-submit");

    private static RequestSpecification admin() {
        return given().header("Authorization", ADMIN);
    }

    private static String register(String yaml) {
        return admin().contentType("application/yaml").body(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/workflows/definitions").then().statusCode(201).extract().path("hash");
    }

    private static JsonPath run(String id) {
        return admin().get("/workflows/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitStatus(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> run(id).getString("status"), status::equals);
        return run(id);
    }

    @Test
    void aRunInFlightKeepsItsVersionWhenANewOneIsRegisteredAndNewRunsTakeTheNewOne() {
        String name = "versions-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = register("name: " + name + "\nversion: \"1\"\nsteps:\n"
                + "  - {id: a, function: test/act, input: '{sleepMs: 2000}'}\n"
                + "  - {id: b, function: test/act, dependsOn: [a]}\n");
        String first = admin().contentType("application/json").body("{\"workflow\": \"" + name + "\", \"input\": {}}")
                .post("/workflows/runs").then().statusCode(202).extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> run(first).getString("steps.find { it.id == 'a' }.status"), "RUNNING"::equals);

        String v2 = register("name: " + name + "\nversion: \"2\"\nsteps:\n"
                + "  - {id: a, function: test/act}\n"
                + "  - {id: c, function: test/act, dependsOn: [a]}\n");
        assertThat(v2).isNotEqualTo(v1);
        String second = admin().contentType("application/json").body("{\"workflow\": \"" + name + "\", \"input\": {}}")
                .post("/workflows/runs").then().statusCode(202).extract().path("id");

        // A start may still name the older version, and a version that was never registered is a 404 naming the field.
        admin().contentType("application/json").body("{\"workflow\": \"" + name + "\", \"version\": \"1\", \"input\": {}}")
                .post("/workflows/runs").then().statusCode(202).body("version", equalTo("1")).body("definitionHash", equalTo(v1));
        admin().contentType("application/json").body("{\"workflow\": \"" + name + "\", \"version\": \"3\", \"input\": {}}")
                .post("/workflows/runs").then().statusCode(404).body("errors[0].field", equalTo("version"));

        JsonPath old = awaitStatus(first, "SUCCEEDED");
        assertThat(old.getString("version")).isEqualTo("1");
        assertThat(old.getString("definitionHash")).isEqualTo(v1);
        assertThat(old.getList("steps.id", String.class)).containsExactly("a", "b");

        JsonPath fresh = awaitStatus(second, "SUCCEEDED");
        assertThat(fresh.getString("version")).isEqualTo("2");
        assertThat(fresh.getString("definitionHash")).isEqualTo(v2);
        assertThat(fresh.getList("steps.id", String.class)).containsExactly("a", "c");

        List<String> stepsOfTheOldRun = admin().get("/workflows/runs/" + first + "/events").then().statusCode(200).extract()
                .jsonPath().getList("events.findAll { it.step != null }.step", String.class);
        assertThat(stepsOfTheOldRun).contains("a", "b").doesNotContain("c");
    }
}
