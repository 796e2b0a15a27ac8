package dev.agentfleet.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A definition whose expressions would run for hours or recurse without end (registered by an admin, by mistake or
 * not) fails its own steps with kind {@code input} within the expression budget, while a run beside it finishes and
 * the replica stays ready. Before the budget, {@code last(range(1e12))} held the engine's loop for good.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunawayExpressionTest {

    @Inject
    DefinitionRegistry registry;
    @Inject
    RunControl control;
    @Inject
    RunQueries queries;
    @Inject
    ObjectMapper mapper;

    @Test
    void runawayExpressionsFailTheirStepsAndNothingElse() throws Exception {
        String endless = register("""
                steps:
                  - {id: a, function: test/act, input: 'last(range(1e12))'}
                """);
        String recursive = register("""
                steps:
                  - {id: a, function: test/act, when: 'def f: f; f'}
                """);
        String huge = register("""
                steps:
                  - {id: a, function: test/act, input: '[range(1e9)]'}
                """);
        String healthy = register("""
                steps:
                  - {id: a, function: test/act, input: '{n: .input.n}'}
                  - {id: b, function: test/act, dependsOn: [a], input: '{n: (.steps.a.output.echo.n + 1)}'}
                """);
        String endlessRun = start(endless);
        String recursiveRun = start(recursive);
        String hugeRun = start(huge);
        String healthyRun = start(healthy);

        assertThat(await(healthyRun, "SUCCEEDED").output()).isNotNull();
        for (String id : new String[] { endlessRun, recursiveRun, hugeRun }) {
            Run run = await(id, "FAILED");
            assertThat(run.step("a").error.kind().wire()).as(id).isEqualTo("input");
            assertThat(run.step("a").error.message()).as(id).containsAnyOf("budget", "recursed too deeply", "more than");
        }
        Management.given().get("/q/health/ready").then().statusCode(200);
    }

    private String register(String steps) {
        String name = "runaway-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(("name: " + name + "\nversion: \"1\"\n" + steps).getBytes(StandardCharsets.UTF_8));
        return name;
    }

    private String start(String workflow) throws Exception {
        return control.start(new RunControl.StartCommand(workflow, null, mapper.readTree("{\"n\": 1}"), null, "user:runaway-test", null)).runId();
    }

    private Run await(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> queries.run(id).map(h -> h.get("status")).orElse(""),
                status::equals);
        return Run.fromHash(queries.run(id).orElseThrow());
    }
}
