package dev.agentfleet.coordinator.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.api.AuditLog;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * A dead letter goes back to the Broker (here the test functions' sink, as K_SINK) as it was first sent, once, by an
 * admin, audited; a failed send leaves it replayable; what cannot be sent whole is refused with the field named.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class DeadLetterReplayTest {

    private static final String ADMIN = "Bearer " + DevTokens.token("carol", "workflow-admin");

    @Inject
    RedisDataSource redis;
    @Inject
    AuditLog audit;

    @AfterEach
    void sinkUp() {
        sink("/sink/down?down=false");
    }

    @Test
    void aDeadLetterGoesBackToTheBrokerAsItWasSentAndOnlyOnce() {
        String id = UUID.randomUUID().toString();
        String entry = record(id, "{\"city\": \"Lisbon\"}");

        given().header("Authorization", ADMIN).post("/dead-letters/" + entry + "/replay").then().statusCode(200)
                .body("entry", equalTo(entry)).body("replayedBy", equalTo("carol")).body("brokerStatus", equalTo(202));

        List<JsonPath> sent = sinkEvents(id);
        assertThat(sent).singleElement().satisfies(e -> {
            assertThat(e.getString("type")).isEqualTo("dev.agentfleet.forecast");
            assertThat(e.getString("source")).isEqualTo("/tests/replay");
            assertThat(e.getString("subject")).isEqualTo("lisbon");
            assertThat(e.getString("data.city")).isEqualTo("Lisbon");
            assertThat(e.getString("contentType")).isEqualTo("application/json");
            assertThat(e.getString("knativeerrordest")).as("Knative's error attributes stay behind").isNull();
        });

        given().header("Authorization", ADMIN).post("/dead-letters/" + entry + "/replay").then().statusCode(409)
                .body("errors.field", hasItem("entry"));
        assertThat(sinkEvents(id)).as("a second replay sends nothing").hasSize(1);
        String listed = "find { it.entry == '" + entry + "' }";
        given().header("Authorization", ADMIN).get("/dead-letters?count=1000").then().statusCode(200)
                .body(listed + ".replayedBy", equalTo("carol")).body(listed + ".replayedAt", notNullValue());
        assertThat(ApiFixture.auditEntries(redis, audit)).contains("carol dead-letter.replay " + entry + " replayed");
    }

    @Test
    void aBrokerThatRefusesLeavesTheDeadLetterReplayable() {
        String id = UUID.randomUUID().toString();
        String entry = record(id, "{\"n\": 1}");
        sink("/sink/down?down=true");
        given().header("Authorization", ADMIN).post("/dead-letters/" + entry + "/replay").then().statusCode(503)
                .header("Retry-After", notNullValue()).body("errors.field", hasItem("K_SINK"));
        sink("/sink/down?down=false");
        given().header("Authorization", ADMIN).post("/dead-letters/" + entry + "/replay").then().statusCode(200);
        assertThat(sinkEvents(id)).hasSize(1);
    }

    @Test
    void whatCannotBeSentWholeOrIsNotThereIsRefusedNamingTheField() {
        String id = UUID.randomUUID().toString();
        String entry = record(id, "{\"blob\": \"" + "x".repeat(DeadLetters.MAX_DATA) + "\"}");
        given().header("Authorization", ADMIN).post("/dead-letters/" + entry + "/replay").then().statusCode(409)
                .body("errors.field", hasItem("data"));
        given().header("Authorization", ADMIN).post("/dead-letters/1-0/replay").then().statusCode(404)
                .body("errors.field", hasItem("entry"));
        given().header("Authorization", ADMIN).post("/dead-letters/not-an-entry/replay").then().statusCode(400)
                .body("errors.field", hasItem("entry"));
        given().header("Authorization", "Bearer " + DevTokens.token("dave", "workflow-read", "workflow-submit"))
                .post("/dead-letters/" + entry + "/replay").then().statusCode(403);
        assertThat(sinkEvents(id)).isEmpty();
    }

    private static String record(String id, String data) {
        return given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/tests/replay").header("ce-type", "dev.agentfleet.forecast").header("ce-subject", "lisbon")
                .header("ce-knativeerrordest", "http://weather.agentfleet.svc.cluster.local").header("ce-knativeerrorcode", "503")
                .body(data).post("/dead-letters").then().statusCode(202).extract().path("entry");
    }

    private static List<JsonPath> sinkEvents(String id) {
        List<Object> all = RestAssured.get(functions() + "/sink/events").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().map(e -> JsonPath.from(io.vertx.core.json.JsonObject.mapFrom(e).encode()))
                .filter(e -> id.equals(e.getString("id"))).toList();
    }

    private static void sink(String path) {
        RestAssured.post(functions() + path).then().statusCode(204);
    }

    private static String functions() {
        return ConfigProvider.getConfig().getValue("test.functions.url", String.class);
    }
}
