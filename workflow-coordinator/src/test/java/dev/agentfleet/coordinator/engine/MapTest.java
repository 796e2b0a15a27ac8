package dev.agentfleet.coordinator.engine;

import static dev.agentfleet.coordinator.testing.ApiFixture.register;
import static dev.agentfleet.coordinator.testing.ApiFixture.start;
import static dev.agentfleet.coordinator.testing.ApiFixture.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Map steps on the real engine, a real Redis and real HTTP functions: 10,000 items in one map, each called once under
 * its own delivery key, with the Redis bytes per item printed and the run's hash kept small; per-item retries and a
 * tolerated failure.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class MapTest {

    @Inject
    DefinitionRegistry registry;
    @Inject
    RedisDataSource redis;
    @Inject
    RedisKeys keys;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void tenThousandItemsCompleteEachCalledOnceAndTheRunsHashStaysSmall() {
        String workflow = register(registry, "map-scale", """
                steps:
                  - id: fan
                    function: test/act
                    map: {items: '[range(10000)]', maxConcurrency: 64}
                    input: '{n: .item}'
                  - id: total
                    function: test/act
                    dependsOn: [fan]
                    input: '{count: (.steps.fan.output | length), sum: ([.steps.fan.output[].echo.n] | add)}'
                output: .steps.total.output.echo
                """);
        long began = System.nanoTime();
        String run = start(workflow, "{}");
        awaitFinished(run, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - began) / 1e9;
        view(run).body("status", equalTo("SUCCEEDED")).body("output.count", equalTo(10_000)).body("output.sum", equalTo(49_995_000))
                .body("steps[0].items.total", equalTo(10_000)).body("steps[0].items.succeeded", equalTo(10_000));

        Map<String, Integer> deliveries = deliveries();
        long items = deliveries.entrySet().stream().filter(e -> e.getKey().startsWith(run + "/fan/")).count();
        assertThat(items).isEqualTo(10_000);
        assertThat(deliveries).containsEntry(run + "/fan/0/1", 1).containsEntry(run + "/fan/9999/1", 1);
        assertThat(deliveries.entrySet().stream().filter(e -> e.getKey().startsWith(run + "/fan/")).mapToInt(Map.Entry::getValue).max())
                .as("no item delivered twice").hasValue(1);

        long runBytes = memory(keys.run(run));
        long itemBytes = memory(keys.items(run));
        long historyBytes = memory(keys.events(run));
        long largestRunField = redis.execute("HSTRLEN", keys.run(run), "step:fan").toLong();
        System.out.printf("map of 10,000 items: %.1f s (%.0f items/s); Redis bytes: run hash %d, items hash %d (%d per item),"
                + " history %d (%d per item); the map step's own field %d bytes%n", seconds, 10_000 / seconds, runBytes, itemBytes,
                itemBytes / 10_000, historyBytes, historyBytes / 10_000, largestRunField);
        assertThat(largestRunField).as("the step's field holds counters, not results").isLessThan(1_000);
        assertThat(runBytes).as("the run's hash does not grow with the items").isLessThan(64 * 1024);
        assertThat(itemBytes / 10_000).as("bytes per item in Redis (the item, its state and its answer)").isLessThan(1_000);
        assertThat(meters.get("agentfleet.workflow.map.items").tag("workflow", workflow).tag("outcome", "succeeded").counter().count())
                .isEqualTo(10_000);
    }

    @Test
    void anItemRetriesUnderItsOwnKeysAndATolerableFailureLeavesANullResult() {
        String workflow = register(registry, "map-retry", """
                steps:
                  - id: fan
                    function: test/act
                    map: {items: .input.items, maxConcurrency: 2, toleratedFailures: 1}
                    input: .item
                    retry: {maxAttempts: 2, initialBackoff: 50ms, maxBackoff: 50ms, jitter: 0, retryOn: [unavailable]}
                output: '[.steps.fan.output[] | if . == null then null else .echo.n end]'
                """);
        String run = start(workflow, """
                {"items": [{"n": 0}, {"n": 1, "failFirst": 1}, {"n": 2, "status": 422}, {"n": 3}]}""");
        awaitFinished(run, Duration.ofMinutes(2));
        view(run).body("status", equalTo("SUCCEEDED")).body("output", equalTo(java.util.Arrays.asList(0, 1, null, 3)))
                .body("steps[0].items.failed", equalTo(1));
        assertThat(meters.get("agentfleet.workflow.map.items").tag("workflow", workflow).tag("outcome", "failed").counter().count())
                .isEqualTo(1);
        assertThat(deliveries()).containsEntry(run + "/fan/1/1", 1).containsEntry(run + "/fan/1/2", 1)
                .containsEntry(run + "/fan/2/1", 1).doesNotContainKey(run + "/fan/2/2");
        given().auth().oauth2(admin()).get("/workflows/runs/" + run + "/events").then().statusCode(200)
                .body("events.step", hasItem("fan/1")).body("events.type", hasItem("step-retry-scheduled"));

        String items = "/workflows/runs/" + run + "/steps/fan/items";
        given().auth().oauth2(admin()).queryParam("from", 1).queryParam("limit", 2).get(items).then().statusCode(200)
                .body("total", equalTo(4)).body("next", equalTo(3)).body("items.index", equalTo(java.util.List.of(1, 2)))
                .body("items[0].status", equalTo("SUCCEEDED")).body("items[0].attempts", equalTo(2))
                .body("items[0].item.n", equalTo(1)).body("items[0].output.echo.n", equalTo(1))
                .body("items[1].status", equalTo("FAILED")).body("items[1].error.status", equalTo(422));
        given().auth().oauth2(admin()).queryParam("from", 3).get(items).then().statusCode(200)
                .body("items.index", equalTo(java.util.List.of(3))).body("next", org.hamcrest.Matchers.nullValue());
        given().auth().oauth2(admin()).queryParam("limit", 5000).get(items).then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(admin()).get("/workflows/runs/" + run + "/steps/nope/items").then().statusCode(404)
                .body("errors[0].field", equalTo("step"));
    }

    private long memory(String key) {
        return redis.execute("MEMORY", "USAGE", key, "SAMPLES", "0").toLong();
    }

    private static void awaitFinished(String run, Duration within) {
        Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> {
            String status = view(run).extract().path("status");
            return "SUCCEEDED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
        });
    }

    private static Map<String, Integer> deliveries() {
        return given().get(ConfigProvider.getConfig().getValue("test.functions.url", String.class) + "/deliveries").then().extract()
                .jsonPath().getMap("$");
    }

    private static String admin() {
        return DevTokens.token("carol", "workflow-admin");
    }
}
