package dev.agentfleet.coordinator.invoke;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A call cancelled after its answer came (the engine let its run go, or its timer fired, before the answer reached
 * the engine's loop) must leave the connection alone: on HTTP/1.1 the connection is back in the pool by then and may
 * carry another run's call, which a reset would kill (Vert.x closes the connection of a request reset after its
 * response ended, eclipse-vertx/vert.x#6294). One connection per function here, so each call rides the one before's
 * connection unless that was closed; the function's side tells connections apart by the caller's port.
 */
@QuarkusTest
@TestProfile(LateCancelTest.OneConnection.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class LateCancelTest {

    /** One pooled connection per function. */
    public static class OneConnection implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("agentfleet.coordinator.engine.connections-per-function", "1");
        }
    }

    @Inject
    FunctionInvoker invoker;
    @Inject
    ObjectMapper mapper;

    @Test
    void cancellingACallThatWasAnsweredLeavesItsConnectionToTheNextCall() throws Exception {
        String run = "late-" + UUID.randomUUID();
        FunctionInvoker.Call first = new FunctionInvoker.Call();
        assertThat(call(run + "/a/1", "{\"n\": 1}", first).get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        first.cancel(); // late: its answer came already

        CallOutcome next = call(run + "/b/1", "{\"n\": 2, \"sleepMs\": 200}", new FunctionInvoker.Call()).get(30, TimeUnit.SECONDS);
        assertThat(next.failure()).isNull();
        assertThat(next.output().path("echo").path("n").asInt()).isEqualTo(2);
        assertThat(clientPort(run + "/b/1")).as("the next call rides the same connection: the late cancel did not close it")
                .isEqualTo(clientPort(run + "/a/1"));

        // A call cancelled in flight is stopped: its connection is closed, and a new one carries the next call.
        FunctionInvoker.Call hanging = new FunctionInvoker.Call();
        var stopped = call(run + "/c/1", "{\"n\": 3, \"sleepMs\": 60000}", hanging);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> received(run + "/c/1") != null);
        hanging.cancel();
        assertThat(stopped.get(30, TimeUnit.SECONDS).succeeded()).as("a call cancelled in flight").isFalse();
        assertThat(call(run + "/d/1", "{\"n\": 4}", new FunctionInvoker.Call()).get(30, TimeUnit.SECONDS).succeeded()).isTrue();
        assertThat(clientPort(run + "/d/1")).isNotEqualTo(clientPort(run + "/c/1"));
    }

    private CompletableFuture<CallOutcome> call(String key, String input, FunctionInvoker.Call handle) throws Exception {
        return invoker.call("test/act", mapper.readTree(input), key, null, Duration.ofSeconds(90), handle).toCompletionStage()
                .toCompletableFuture();
    }

    /** The requests the function received under a delivery key, or null. */
    private static List<Map<String, Object>> received(String key) {
        String functions = ConfigProvider.getConfig().getValue("test.functions.url", String.class);
        Map<String, List<Map<String, Object>>> all = given().baseUri(functions).get("/requests").jsonPath().getMap("");
        return all.get(key);
    }

    /** The port the call came from, which names its connection. */
    private static int clientPort(String key) {
        return (Integer) received(key).get(0).get("clientPort");
    }
}
