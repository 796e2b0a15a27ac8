package dev.agentfleet.coordinator.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.sdk.text.Digests;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A dead letter costs bounded bytes whatever its sender puts in it, and cannot forge log lines: large data is kept as
 * its digest, size and first bytes; long attributes are cut; control characters in what is logged are escaped.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class DeadLetterBoundsTest {

    private static final String ADMIN = "Bearer " + DevTokens.token("carol", "workflow-admin");

    @Test
    void largeDataIsKeptAsItsDigestSizeAndFirstBytes() {
        String id = UUID.randomUUID().toString();
        String data = "{\"blob\": \"" + "x".repeat(200_000) + "\"}";
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.forecast")
                .header("ce-knativeerrordest", "http://weather").body(data).post("/dead-letters").then().statusCode(202);
        String entry = "find { it.id == '" + id + "' }";
        given().header("Authorization", ADMIN).get("/dead-letters?count=1000").then().statusCode(200)
                .body(entry + ".data", nullValue())
                .body(entry + ".dataBytes", equalTo(String.valueOf(data.length())))
                .body(entry + ".dataSha256", equalTo(Digests.sha256Hex(data)))
                .body(entry + ".dataPrefix.length()", equalTo(DeadLetters.DATA_PREFIX));
    }

    @Test
    void attributesAreCutAndTheLogLineCannotBeForged() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getParameters() == null ? record.getMessage()
                        : String.format(record.getMessage(), record.getParameters())));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(DeadLetters.class.getName());
        logger.addHandler(capture);
        try {
            String uuid = UUID.randomUUID().toString();
            // The id is a free string in a structured event: it may carry a newline and a fake log line after it.
            String forged = uuid + "\\n2026-12-02 12:00:00,000 INFO  [io.quarkus] (main) admin approved everything";
            given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": \"" + forged
                    + "\", \"source\": \"/tests\", \"type\": \"dev.agentfleet.forecast\", \"knativeerrordest\": \""
                    + "d".repeat(5000) + "\", \"datacontenttype\": \"application/json\", \"data\": {}}")
                    .post("/dead-letters").then().statusCode(202);
            String entry = "find { it.id.startsWith('" + uuid + "') }";
            given().header("Authorization", ADMIN).get("/dead-letters?count=1000").then().statusCode(200)
                    .body(entry + ".knativeerrordest.length()", equalTo(DeadLetters.MAX_ATTRIBUTE))
                    .body(entry + ".id", equalTo(forged.replace("\\n", "\n")));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains(uuid + "\\u000a2026-12-02")
                    .doesNotContain("\n").doesNotContain("d".repeat(300)));
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void controlCharactersAreEscapedAndLongTextCut() {
        assertThat(dev.agentfleet.coordinator.observe.LogText.of("a\r\nb\u0000c\u2028")).isEqualTo("a\\u000d\\u000ab\\u0000c\\u2028");
        assertThat(dev.agentfleet.coordinator.observe.LogText.of("z".repeat(1000))).hasSize(203).endsWith("...");
        assertThat(dev.agentfleet.coordinator.observe.LogText.of("plain")).isEqualTo("plain");
    }
}
