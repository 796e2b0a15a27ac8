package dev.agentfleet.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * {@code GET /workflows/runs/{id}/stream} over real HTTP and Redis: a run's history as server-sent events as it is
 * written (a run that waits for a signal gets the later entries when the signal comes), ending after the entry that
 * finishes the run; {@code Last-Event-ID} goes on after that entry, and one that is not a stream id is ignored.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DefinitionRegistry registry;

    /** One event as the stream sent it. */
    record Event(String id, String name, JsonNode data) {
    }

    @Test
    void theHistoryArrivesAsItIsWrittenAndTheStreamEndsWithTheRun() throws Exception {
        String workflow = ApiFixture.register(registry, "stream", """
                steps:
                  - {id: a, function: test/act, input: '{n: 1}'}
                  - {id: b, dependsOn: [a], wait: {signal: go}}
                """);
        String run = ApiFixture.start(workflow, "{}");
        ApiFixture.awaitStatus(run, "RUNNING");

        CompletableFuture<List<Event>> whole = CompletableFuture.supplyAsync(() -> read(run, null, ApiFixture.SUBMITTER));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> ApiFixture.view(run).extract()
                .<String>path("steps.find { it.id == 'b' }.status").equals("WAITING"));
        assertThat(whole).as("the stream stays open while the run waits").isNotDone();
        ApiFixture.as(ApiFixture.ADMIN).body("{\"id\": \"s1\", \"payload\": {}}").post("/workflows/runs/" + run + "/signals/go")
                .then().statusCode(202);
        List<Event> events = whole.get(60, TimeUnit.SECONDS);

        List<String> types = events.stream().map(e -> e.data().path("type").asText()).toList();
        assertThat(types.get(0)).isEqualTo("run-started");
        assertThat(types).contains("step-started", "step-succeeded", "signal-received");
        assertThat(types.get(types.size() - 1)).isEqualTo("run-succeeded");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.name()).isEqualTo("history");
            assertThat(e.id()).matches("\\d+-\\d+");
        });
        List<JsonNode> history = new ArrayList<>();
        ApiFixture.as(ApiFixture.ADMIN).get("/workflows/runs/" + run + "/events").then().statusCode(200).extract()
                .jsonPath().getList("events", java.util.Map.class).forEach(e -> history.add(JSON.valueToTree(e)));
        assertThat(events.stream().map(Event::data).toList()).as("the same entries as /events").isEqualTo(history);

        // a reconnect after the third entry gets the rest, and the stream of a finished run ends at once
        List<Event> rest = read(run, events.get(2).id(), ApiFixture.READER);
        assertThat(rest).isEqualTo(events.subList(3, events.size()));
        assertThat(read(run, "0-0\nevent: forged", ApiFixture.READER)).as("a Last-Event-ID that is not a stream id").isEqualTo(events);
    }

    /** The events of the run's stream until the server ends it. */
    private static List<Event> read(String run, String lastEventId, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                + "/workflows/runs/" + run + "/stream")).header("Authorization", authorization).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId.replace("\n", " "));
        }
        try {
            HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            List<Event> events = new ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null, name = null;
                StringBuilder data = new StringBuilder();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(id, name, JSON.readTree(data.toString())));
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            }
            return events;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
