package dev.agentfleet.sdk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * At-least-once delivery made safe: a duplicate gets the first result and the function does not run again; the same
 * key with another input is a conflict, never the first input's answer.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class IdempotentDeliveryTest {

    /** The application's own client: the same calls work on a single server and on a cluster. */
    @Inject
    RedisDataSource redis;

    @Test
    void duplicateBinaryCloudEventReturnsFirstResultWithoutRerunning() {
        String id = UUID.randomUUID().toString();
        int runsBefore = GreetFunction.RUNS.get();

        Response first = sendBinary(id, "/broker", "{\"name\": \"Ada\", \"times\": 1}");
        Response duplicate = sendBinary(id, "/broker", "{\"name\": \"Ada\", \"times\": 1}");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(duplicate.jsonPath().getInt("run")).as("the duplicate replays the first run").isEqualTo(first.jsonPath().getInt("run"));
        assertThat(GreetFunction.RUNS.get() - runsBefore).as("the function ran once").isEqualTo(1);
        assertThat(redis.key().keys("agentfleet:idem:greet:*")).isNotEmpty();
    }

    @Test
    void duplicateStructuredCloudEventReturnsFirstResult() {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/broker", "type": "greet",
                 "datacontenttype": "application/json", "data": {"name": "Bo", "times": 1}}
                """.formatted(UUID.randomUUID());
        int runsBefore = GreetFunction.RUNS.get();

        int firstRun = given().contentType("application/cloudevents+json").body(event).post("/").jsonPath().getInt("data.run");
        int secondRun = given().contentType("application/cloudevents+json").body(event).post("/").jsonPath().getInt("data.run");

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(GreetFunction.RUNS.get() - runsBefore).isEqualTo(1);
    }

    @Test
    void sameIdFromAnotherSourceIsAnotherEvent() {
        String id = UUID.randomUUID().toString();
        int runsBefore = GreetFunction.RUNS.get();

        sendBinary(id, "/source-a", "{\"name\": \"Ada\", \"times\": 1}");
        sendBinary(id, "/source-b", "{\"name\": \"Ada\", \"times\": 1}");

        assertThat(GreetFunction.RUNS.get() - runsBefore).isEqualTo(2);
    }

    @Test
    void idempotencyKeyHeaderDeduplicatesPlainHttp() {
        String key = UUID.randomUUID().toString();
        int runsBefore = GreetFunction.RUNS.get();

        int first = postWithKey(key).jsonPath().getInt("run");
        int second = postWithKey(key).jsonPath().getInt("run");

        assertThat(second).isEqualTo(first);
        assertThat(GreetFunction.RUNS.get() - runsBefore).isEqualTo(1);
    }

    @Test
    void aKeyUsedAgainWithAnotherInputIsAConflictNotTheFirstAnswer() {
        String key = UUID.randomUUID().toString();
        int runsBefore = GreetFunction.RUNS.get();
        postWithKey(key).then().statusCode(200);

        Response other = given().contentType("application/json").header("Idempotency-Key", key)
                .body("{\"name\": \"Eve\", \"times\": 1}").post("/greet");
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.contentType()).startsWith("application/problem+json");
        assertThat(other.jsonPath().getString("errors[0].field")).isEqualTo("Idempotency-Key");
        assertThat(GreetFunction.RUNS.get() - runsBefore).as("the other input did not run").isEqualTo(1);

        // A redelivered event with another payload (same source and id) is refused the same way
        String id = UUID.randomUUID().toString();
        sendBinary(id, "/broker", "{\"name\": \"Ada\", \"times\": 1}").then().statusCode(200);
        Response forged = sendBinary(id, "/broker", "{\"name\": \"Mallory\", \"times\": 1}");
        assertThat(forged.statusCode()).isEqualTo(409);
        assertThat(forged.jsonPath().getString("errors[0].field")).isEqualTo("id");
        // while the same payload again is still answered from the record
        sendBinary(id, "/broker", "{\"name\": \"Ada\", \"times\": 1}").then().statusCode(200);
    }

    @Test
    void aRecordWrittenBeforeDigestsStillAnswersItsDuplicates() {
        String id = UUID.randomUUID().toString();
        String redisKey = "agentfleet:idem:greet:" + sha256("ce:/broker\n" + id);
        redis.value(String.class).set(redisKey, "done:{\"message\":\"kept\",\"run\":-1}", new SetArgs().px(60000));

        Response duplicate = sendBinary(id, "/broker", "{\"name\": \"Ada\", \"times\": 1}");
        assertThat(duplicate.statusCode()).isEqualTo(200);
        assertThat(duplicate.jsonPath().getInt("run")).isEqualTo(-1);
    }

    @Test
    void plainHttpWithoutKeyAlwaysRuns() {
        int runsBefore = GreetFunction.RUNS.get();
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": 1}").post("/greet").then().statusCode(200);
        }
        assertThat(GreetFunction.RUNS.get() - runsBefore).isEqualTo(2);
    }

    @Test
    void failedDeliveryIsReleasedSoTheRedeliveryRunsAgain() {
        String id = UUID.randomUUID().toString();
        int runsBefore = GreetFunction.RUNS.get();

        Response first = given().contentType("application/json")
                .header("ce-id", id).header("ce-specversion", "1.0").header("ce-source", "/broker").header("ce-type", "place-order")
                .body("{\"item\": \"broken\"}").post("/");
        Response redelivery = given().contentType("application/json")
                .header("ce-id", id).header("ce-specversion", "1.0").header("ce-source", "/broker").header("ce-type", "place-order")
                .body("{\"item\": \"broken\"}").post("/");

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(redelivery.statusCode()).isEqualTo(503);
        assertThat(GreetFunction.RUNS.get() - runsBefore).as("a failure is not remembered as a result").isEqualTo(2);
    }

    @Test
    void duplicateWhileFirstIsInFlightIs409() {
        String id = UUID.randomUUID().toString();
        // Simulate a first delivery that is still running by claiming its key the way the store does.
        String redisKey = "agentfleet:idem:greet:" + sha256("ce:/broker\n" + id);
        redis.value(String.class).set(redisKey, "inflight:someone-else", new SetArgs().px(60000));

        Response duplicate = sendBinary(id, "/broker", "{\"name\": \"Ada\", \"times\": 1}");

        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(duplicate.contentType()).startsWith("application/problem+json");
        assertThat(duplicate.header("Retry-After")).isEqualTo("1");
    }

    private static Response sendBinary(String id, String source, String body) {
        return given().contentType("application/json")
                .header("ce-id", id).header("ce-specversion", "1.0").header("ce-source", source).header("ce-type", "greet")
                .body(body).post("/");
    }

    private static Response postWithKey(String key) {
        return given().contentType("application/json").header("Idempotency-Key", key)
                .body("{\"name\": \"Ada\", \"times\": 1}").post("/greet");
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
