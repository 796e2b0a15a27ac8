package dev.agentfleet.sdk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Metrics carry function and revision, errors their kind; spans continue the caller's trace; health sees Redis. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ObservabilityTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void invocationsAreTimedWithFunctionAndRevisionTags() {
        given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": 1}").post("/greet").then().statusCode(200);

        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).containsPattern(
                "agentfleet_function_invocations_seconds_count\\{[^}]*function=\"greet\"[^}]*outcome=\"success\"[^}]*revision=\"greet-00042\"[^}]*} [1-9]");
    }

    @Test
    void errorsAreCountedByKind() {
        given().contentType("application/json").body("{\"name\": \"Ada\", \"times\": \"x\"}").post("/greet").then().statusCode(400);
        given().contentType("application/json").body("{\"times\": 1}").post("/greet").then().statusCode(422);

        String metrics = Management.given().get("/q/metrics").then().extract().asString();

        assertThat(metrics).containsPattern("agentfleet_function_errors_total\\{[^}]*function=\"greet\"[^}]*kind=\"invalid_type\"[^}]*revision=\"greet-00042\"");
        assertThat(metrics).containsPattern("agentfleet_function_errors_total\\{[^}]*function=\"greet\"[^}]*kind=\"validation\"");
    }

    @Test
    void unknownPathsDoNotCreateMetricSeries() {
        String path = "/random-" + UUID.randomUUID();
        given().contentType("application/json").body("{}").post(path).then().statusCode(404);

        assertThat(Management.given().get("/q/metrics").then().extract().asString()).doesNotContain(path.substring(1));
    }

    @Test
    void invocationSpanContinuesIncomingTraceparent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        given().contentType("application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body("{\"name\": \"Ada\", \"times\": 1}").post("/greet").then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(s -> s.getName().equals("invoke greet"))
                .extracting(SpanData::getTraceId)
                .contains(traceId));
    }

    @Test
    void readinessIncludesRedisAndLivenessIsUp() {
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(org.hamcrest.Matchers.containsString("Redis")));
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void healthAndMetricsAnswerOnlyOnTheManagementPortNeverOnTheApplicationPort() {
        assertThat(Management.port()).isNotEqualTo(io.restassured.RestAssured.port);
        for (String path : new String[] { "/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started" }) {
            given().get(path).then().statusCode(404);
            Management.given().get(path).then().statusCode(200);
        }
    }
}
