package dev.agentfleet.coordinator.engine;

import static dev.agentfleet.coordinator.testing.ApiFixture.awaitStatus;
import static dev.agentfleet.coordinator.testing.ApiFixture.register;
import static dev.agentfleet.coordinator.testing.ApiFixture.start;
import static dev.agentfleet.coordinator.testing.ApiFixture.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.StepTransition;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Fallbacks on the real engine, a real Redis and real HTTP functions: a step whose function keeps failing is answered by
 * its fallback, and one whose function's circuit is open goes to it without calling the function. Uses its own
 * function ({@code test/model}), so the circuit it opens touches no other test.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FallbackTest {

    private static final String ANSWER = """
            steps:
              - id: answer
                function: test/model
                input: '{status: .input.status}'
                retry: {maxAttempts: %d, initialBackoff: 100ms, maxBackoff: 100ms, jitter: 0}
                %s
            output: '{by: .steps.answer.output.echo}'
            """;
    private static final String FALLBACK = "fallback: {function: test/act, input: '{template: true}'}";

    @Inject
    DefinitionRegistry registry;
    @Inject
    EngineMetrics metrics;

    @Test
    @Order(1)
    void aStepWhoseFunctionKeepsFailingIsAnsweredByItsFallback() {
        String run = start(register(registry, "fallback", ANSWER.formatted(2, FALLBACK)), "{\"status\": 503}");
        awaitStatus(run, "SUCCEEDED");
        view(run).body("output.by.template", equalTo(true)).body("steps[0].answeredBy", equalTo("test/act"))
                .body("steps[0].fellBackBecause", startsWith("its attempts are spent: ")).body("steps[0].attempts", equalTo(3));
        assertThat(deliveries()).containsKeys(run + "/answer/1", run + "/answer/2", run + "/answer/3");
        given().auth().oauth2(admin()).get("/workflows/runs/" + run + "/events").then().statusCode(200)
                .body("events.type", hasItem("step-fell-back"));
    }

    @Test
    @Order(2)
    void anOpenCircuitSendsTheStepToItsFallbackWithoutCallingTheFunction() {
        String failing = register(registry, "fallback", ANSWER.formatted(1, ""));
        for (int i = 0; i < 3; i++) { // the test profile opens a circuit after three failures
            awaitStatus(start(failing, "{\"status\": 503}"), "FAILED");
        }
        String run = start(register(registry, "fallback", ANSWER.formatted(2, FALLBACK)), "{\"status\": 200}");
        awaitStatus(run, "SUCCEEDED");
        view(run).body("steps[0].answeredBy", equalTo("test/act")).body("steps[0].fellBackBecause", equalTo("the circuit of test/model is open"));
        assertThat(deliveries()).as("the primary was not called").doesNotContainKey(run + "/answer/1").containsKey(run + "/answer/2");
        assertThat(metrics.transitions(StepTransition.STEP_FELL_BACK)).isPositive();
    }

    private static Map<String, Integer> deliveries() {
        return given().get(ConfigProvider.getConfig().getValue("test.functions.url", String.class) + "/deliveries").then().extract()
                .jsonPath().getMap("$");
    }

    private static String admin() {
        return DevTokens.token("carol", "workflow-admin");
    }
}
