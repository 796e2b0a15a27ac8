package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /workflows/runs} pages newest first across partitions without skipping any: the runs are written
 * straight into the indexes (as finished runs of one workflow), so a partition can hold far more recent runs than one
 * page's window reads while the others hold older ones.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunListingTest {

    private static final String READ = "Bearer " + DevTokens.token("bob", "workflow-read");

    @Inject
    RedisDataSource redis;
    @Inject
    RunStore store;

    @Test
    void aFilteredListingPagesThroughEveryPartitionWithoutSkippingNewerRuns() {
        RedisKeys keys = store.keys();
        String workflow = "listing-" + UUID.randomUUID().toString().substring(0, 8);
        long base = 1_000_000_000_000L;
        List<String> failedNewestFirst = new ArrayList<>();
        // Partition 0: 1,000 runs newer than everything else, two of them FAILED, deep below its first window.
        // Partitions 1..3: 1,000 older runs each, one in a hundred FAILED.
        List<long[]> failedAt = new ArrayList<>();
        for (int p = 0; p < keys.partitions(); p++) {
            for (int i = 0; i < 1_000; i++) {
                long created = p == 0 ? base + 1_000_000 + i * 10L : base + i * 10L + p;
                boolean failed = p == 0 ? (i == 300 || i == 200) : i % 100 == 7;
                String id = keys.newRunId(p);
                redis.hash(String.class).hset(keys.run(id), Map.of("workflow", workflow, "version", "1",
                        "status", failed ? "FAILED" : "SUCCEEDED", "createdAt", String.valueOf(created)));
                redis.sortedSet(String.class).zadd(keys.index(p), created, id);
                if (failed) {
                    failedAt.add(new long[] { created, failedAt.size() });
                    failedNewestFirst.add(id);
                }
            }
        }
        List<String> expected = new ArrayList<>();
        failedAt.stream().sorted((a, b) -> Long.compare(b[0], a[0])).forEach(f -> expected.add(failedNewestFirst.get((int) f[1])));

        List<String> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = given().header("Authorization", READ).queryParam("workflow", workflow).queryParam("status", "FAILED")
                    .queryParam("limit", 5).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/workflows/runs").then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("runs.id"));
            cursor = page.getString("next");
            assertThat(++pages).as("pages before the listing ends").isLessThan(200);
        } while (cursor != null);

        assertThat(listed).as("every FAILED run, newest first, each once").containsExactlyElementsOf(expected);
    }

    @Test
    void aTimeRangeListsExactlyTheRunsCreatedInItPageByPage() {
        RedisKeys keys = store.keys();
        String workflow = "range-" + UUID.randomUUID().toString().substring(0, 8);
        long base = 2_000_000_000_000L;
        List<long[]> inRange = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        // 400 runs a millisecond apart, spread over the partitions; the range takes the 121 from 100 to 220 ms
        for (int i = 0; i < 400; i++) {
            int p = i % keys.partitions();
            String id = keys.newRunId(p);
            long created = base + i;
            redis.hash(String.class).hset(keys.run(id), Map.of("workflow", workflow, "version", "1", "status", "SUCCEEDED",
                    "createdAt", String.valueOf(created)));
            redis.sortedSet(String.class).zadd(keys.index(p), created, id);
            ids.add(id);
            if (i >= 100 && i <= 220) {
                inRange.add(new long[] { created, i });
            }
        }
        List<String> expected = inRange.stream().sorted((a, b) -> Long.compare(b[0], a[0])).map(r -> ids.get((int) r[1])).toList();
        List<String> listed = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page = given().header("Authorization", READ).queryParam("workflow", workflow)
                    .queryParam("createdFrom", java.time.Instant.ofEpochMilli(base + 100).toString())
                    .queryParam("createdTo", String.valueOf(base + 220)).queryParam("limit", 50)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/workflows/runs").then().statusCode(200).extract().jsonPath();
            listed.addAll(page.getList("runs.id"));
            cursor = page.getString("next");
        } while (cursor != null);
        assertThat(listed).as("the runs created in the range, newest first, each once").containsExactlyElementsOf(expected);

        given().header("Authorization", READ).queryParam("createdFrom", "yesterday").queryParam("createdTo", "1").get("/workflows/runs")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("createdFrom"));
        given().header("Authorization", READ).queryParam("createdFrom", "2026-12-03T10:00:00Z").queryParam("createdTo", "2026-12-02T10:00:00Z")
                .get("/workflows/runs").then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("createdTo"));
    }
}
