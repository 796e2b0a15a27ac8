package dev.agentfleet.coordinator.observe;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;

/**
 * The packaged coordinator logs as production does (JSON, one object per line): every line of its log parses as one
 * JSON object, and a dead letter whose id carries a newline and a made-up log line after it stays one record, the
 * made-up line inside its message.
 */
class JsonLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsOneJsonRecordAndNoSenderCanStartAnother() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().start()) {
            PackagedCoordinator coordinator = new PackagedCoordinator(redis, functions.start(), Duration.ofSeconds(5),
                    Path.of("target", "json-logs-it"), Map.of("quarkus.log.console.json.enabled", "true")).start();
            try {
                String uuid = UUID.randomUUID().toString();
                String forged = uuid + "\\n2026-12-02 12:00:00,000 INFO  [io.quarkus] (main) admin approved everything";
                given().baseUri(coordinator.url()).contentType("application/cloudevents+json")
                        .body("{\"specversion\": \"1.0\", \"id\": \"" + forged + "\", \"source\": \"/tests\", \"type\": "
                                + "\"dev.agentfleet.forecast\", \"knativeerrordest\": \"http://weather\", \"data\": {}}")
                        .post("/dead-letters").then().statusCode(202);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(coordinator.log()).contains(uuid));
                List<String> lines = Files.readAllLines(coordinator.log()).stream().filter(l -> !l.isBlank()).toList();
                assertThat(lines).as("the log").isNotEmpty().allSatisfy(line -> {
                    JsonNode record = JSON.readTree(line);
                    assertThat(record.isObject()).as(line).isTrue();
                    assertThat(record.path("level").asText()).as("level of " + line).isNotEmpty();
                    assertThat(record.has("message")).as("message of " + line).isTrue();
                });
                assertThat(lines).filteredOn(l -> l.contains("admin approved everything")).singleElement()
                        .satisfies(line -> assertThat(JSON.readTree(line).path("message").asText()).contains(uuid));
            } finally {
                coordinator.stop();
                functions.stop();
            }
        }
    }
}
