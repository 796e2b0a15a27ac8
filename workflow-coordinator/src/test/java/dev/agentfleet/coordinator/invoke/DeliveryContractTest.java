package dev.agentfleet.coordinator.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.sdk.idempotency.IdempotencyStore;
import dev.agentfleet.sdk.invocation.CloudEventRequests;
import dev.agentfleet.sdk.invocation.InvocationRequest;
import io.cloudevents.CloudEvent;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.MultiMap;

/**
 * The coordinator's calls, as they arrive at a function, are exactly what agent-sdk deduplicates on: each request the
 * {@link Dispatcher} sends is read back with agent-sdk's own CloudEvent reader and {@link InvocationRequest}, and the
 * same attempt sent twice must come to the same delivery key (and the same idempotency record), another attempt or a
 * compensation to another one. No function process is involved: the contract is checked on the wire.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class DeliveryContractTest {

    @Inject
    Dispatcher dispatcher;
    @Inject
    IdempotencyStore idempotency;
    @Inject
    ObjectMapper mapper;

    @Test
    void theSameAttemptSentTwiceIsOneDeliveryToAgentSdkAndAnotherAttemptIsAnother() throws Exception {
        String runId = "r0-" + UUID.randomUUID();
        JsonNode input = mapper.readTree("{\"n\": 42, \"text\": \"caf\\u00e9\"}");
        send(runId, 1, input);
        send(runId, 1, input); // the same attempt again: after a takeover, or a 409 from the function
        send(runId, 2, input);
        CompletableFuture<Dispatcher.Answer> undo = new CompletableFuture<>();
        dispatcher.compensation(runId, null, "a", 1, "test/undo", input, Duration.ofSeconds(10), undo::complete);
        assertThat(undo.get(20, TimeUnit.SECONDS).outcome().succeeded()).isTrue();

        List<Received> first = received(runId + "/a/1");
        assertThat(first).hasSize(2);
        assertThat(first).allSatisfy(r -> {
            assertThat(r.event().getType()).isEqualTo("dev.agentfleet.act");
            assertThat(r.event().getDataContentType()).startsWith("application/json");
            assertThat(mapper.readTree(r.event().getData().toBytes())).isEqualTo(input);
            assertThat(r.invocation().mode()).isEqualTo(InvocationRequest.Mode.CLOUDEVENT_BINARY);
            assertThat(r.invocation().deliveryKey()).contains("key:" + runId + "/a/1");
        });
        assertThat(idempotency.redisKey("act", first.get(0).invocation().deliveryKey().orElseThrow()))
                .as("both deliveries claim the same idempotency record")
                .isEqualTo(idempotency.redisKey("act", first.get(1).invocation().deliveryKey().orElseThrow()));
        assertThat(received(runId + "/a/2")).singleElement()
                .satisfies(r -> assertThat(r.invocation().deliveryKey()).contains("key:" + runId + "/a/2"));
        assertThat(received(runId + "/a/compensate/1")).singleElement()
                .satisfies(r -> assertThat(r.invocation().deliveryKey()).contains("key:" + runId + "/a/compensate/1"));
    }

    private void send(String runId, int attempt, JsonNode input) throws Exception {
        CompletableFuture<Dispatcher.Answer> answer = new CompletableFuture<>();
        dispatcher.attempt(runId, null, "a", attempt, "test/act", input, Duration.ofSeconds(10), System.currentTimeMillis(),
                answer::complete);
        assertThat(answer.get(20, TimeUnit.SECONDS).outcome().succeeded()).isTrue();
    }

    private record Received(CloudEvent event, InvocationRequest invocation) {
    }

    /** The requests that reached the function under a delivery key, read as agent-sdk reads them. */
    private List<Received> received(String key) throws Exception {
        JsonNode all = mapper.readTree(RestAssured.get(ConfigProvider.getConfig().getValue("test.functions.url", String.class)
                + "/requests").then().statusCode(200).extract().asString());
        List<Received> requests = new java.util.ArrayList<>();
        for (JsonNode r : all.path(key)) {
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            Map<String, String> fields = mapper.convertValue(r.get("headers"), Map.class);
            fields.forEach(headers::add);
            byte[] body = r.get("body").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            CloudEvent event = CloudEventRequests.read(headers, body, true);
            requests.add(new Received(event, InvocationRequest.of("act", event, true, headers.get(InvocationRequest.IDEMPOTENCY_HEADER))));
        }
        return requests;
    }
}
