package dev.agentfleet.coordinator.engine;

import static dev.agentfleet.coordinator.testing.ApiFixture.ADMIN;
import static dev.agentfleet.coordinator.testing.ApiFixture.SUBMITTER;
import static dev.agentfleet.coordinator.testing.ApiFixture.as;
import static dev.agentfleet.coordinator.testing.ApiFixture.awaitStatus;
import static dev.agentfleet.coordinator.testing.ApiFixture.register;
import static dev.agentfleet.coordinator.testing.ApiFixture.start;
import static dev.agentfleet.coordinator.testing.ApiFixture.view;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Sub-workflows on the real engine, a real Redis and real HTTP functions: a step that starts another workflow and answers
 * with its output, parent and child linked both ways; a child's failure failing the step with its error; cancelling the
 * parent cancelling the child; a map over a sub-workflow; and what registration refuses (unknown children, cycles,
 * nesting deeper than five).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class ChildWorkflowTest {

    @Inject
    DefinitionRegistry registry;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    private String child(String steps) {
        return register(registry, "kid", steps);
    }

    private String parent(String kid, String step) {
        return register(registry, "parent", """
                steps:
                  %s
                  - {id: after, function: test/act, dependsOn: [call], input: '{got: .steps.call.output}'}
                output: .steps.after.output.echo.got
                """.formatted(step.replace("KID", kid)));
    }

    @Test
    void aStepRunsAChildWorkflowAndAnswersWithItsOutputBothLinked() {
        String kid = child("""
                steps:
                  - {id: a, function: test/act, input: '{n: (.input.n * 2)}'}
                output: '{doubled: .steps.a.output.echo.n}'
                """);
        String run = start(parent(kid, "- {id: call, workflow: {name: KID}, input: '{n: 21}'}"), "{}");
        awaitStatus(run, "SUCCEEDED");
        ValidatableResponse parent = view(run).body("output.doubled", equalTo(42)).body("steps[0].workflow", equalTo(kid));
        String childId = parent.extract().path("steps[0].child");
        view(childId).body("status", equalTo("SUCCEEDED")).body("parent.run", equalTo(run)).body("parent.step", equalTo("call"))
                .body("parent.depth", equalTo(1)).body("startedBy", equalTo("user:alice")).body("workflow", equalTo(kid));
    }

    @Test
    void aChildThatFailsFailsTheStepWithItsError() {
        String kid = child("""
                steps:
                  - {id: a, function: test/act, input: '{status: 422}'}
                """);
        String run = start(parent(kid, "- {id: call, workflow: {name: KID}}"), "{}");
        awaitStatus(run, "FAILED");
        view(run).body("steps[0].status", equalTo("FAILED")).body("steps[0].error.kind", equalTo("step-failed"))
                .body("steps[0].error.message", startsWith("child run ")).body("steps[0].error.message", containsString("step a failed"));
    }

    @Test
    void cancellingTheParentCancelsTheChild() {
        String kid = child("""
                steps:
                  - {id: a, function: test/act, input: '{sleepMs: 60000}', timeout: 2m}
                """);
        String run = start(parent(kid, "- {id: call, workflow: {name: KID}}"), "{}");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> view(run).extract().path("steps[0].child") != null);
        String childId = view(run).extract().path("steps[0].child");
        awaitStatus(childId, "RUNNING");
        as(SUBMITTER).post("/workflows/runs/" + run + "/cancel").then().statusCode(202);
        awaitStatus(run, "CANCELLED");
        awaitStatus(childId, "CANCELLED");
        as(ADMIN).get("/workflows/runs/" + childId + "/events").then().statusCode(200)
                .body("events.find { it.type == 'cancel-requested' }.by", equalTo("run:" + run));
    }

    @Test
    void aMapRunsAChildWorkflowPerItem() {
        String kid = child("""
                steps:
                  - {id: a, function: test/act, input: '{n: .input.n}'}
                output: .steps.a.output.echo.n
                """);
        String run = start(parent(kid, "- {id: call, workflow: {name: KID}, map: {items: '[1, 2, 3]', maxConcurrency: 2}, input: '{n: .item}'}"),
                "{}");
        awaitStatus(run, "SUCCEEDED");
        view(run).body("output", equalTo(java.util.List.of(1, 2, 3)));
        org.assertj.core.api.Assertions.assertThat(meters.get("agentfleet.workflow.children.started").tag("workflow", kid).counter().count())
                .isEqualTo(3);
        as(ADMIN).get("/workflows/runs/" + run + "/steps/call/items").then().statusCode(200).body("items[2].output", equalTo(3));
    }

    @Test
    void registrationRefusesUnknownChildrenCyclesAndNestingDeeperThanFive() {
        String unknown = "name: orphan-" + UUID.randomUUID().toString().substring(0, 8) + "\nversion: \"1\"\nsteps:\n"
                + "  - {id: call, workflow: {name: nobody-registered-this}}\n";
        refused(unknown).body("errors[0].field", equalTo("steps[0].workflow.name"))
                .body("errors[0].message", containsString("not a registered workflow"));

        String a = "cyc-a-" + UUID.randomUUID().toString().substring(0, 8);
        String b = "cyc-b-" + UUID.randomUUID().toString().substring(0, 8);
        post("name: " + a + "\nversion: \"1\"\nsteps:\n  - {id: x, function: test/act}\n").statusCode(201);
        post("name: " + b + "\nversion: \"1\"\nsteps:\n  - {id: x, workflow: {name: " + a + "}}\n").statusCode(201);
        refused("name: " + a + "\nversion: \"2\"\nsteps:\n  - {id: x, workflow: {name: " + b + "}}\n")
                .body("errors[0].field", equalTo("steps[0].workflow.name"))
                .body("errors[0].message", equalTo("forms a cycle: " + a + " -> " + b + " -> " + a));
        refused("name: " + a + "\nversion: \"3\"\nsteps:\n  - {id: x, workflow: {name: " + a + "}}\n")
                .body("errors[0].message", equalTo("forms a cycle: " + a + " -> " + a));

        String level = "deep-" + UUID.randomUUID().toString().substring(0, 8);
        post("name: " + level + "-1\nversion: \"1\"\nsteps:\n  - {id: x, function: test/act}\n").statusCode(201);
        for (int i = 2; i <= 6; i++) {
            post("name: " + level + "-" + i + "\nversion: \"1\"\nsteps:\n  - {id: x, workflow: {name: " + level + "-" + (i - 1) + "}}\n")
                    .statusCode(201);
        }
        refused("name: " + level + "-7\nversion: \"1\"\nsteps:\n  - {id: x, workflow: {name: " + level + "-6}}\n")
                .body("errors[0].message", startsWith("nests runs deeper than 5 levels: "));

        // the leaf's next version reaches one level further: registering it looks down from it, not up, so the depth is
        // bounded when the runs start: the sixth level's start is refused and each level fails with the one below
        post("name: " + level + "-0\nversion: \"1\"\nsteps:\n  - {id: x, function: test/act}\n").statusCode(201);
        post("name: " + level + "-1\nversion: \"2\"\nsteps:\n  - {id: x, workflow: {name: " + level + "-0}}\n").statusCode(201);
        String run = start(level + "-6", "{}");
        awaitStatus(run, "FAILED");
        view(run).body("steps[0].error.message", containsString("Runs nest at most 5 levels deep"));
    }

    private static ValidatableResponse refused(String yaml) {
        return post(yaml).statusCode(422);
    }

    private static ValidatableResponse post(String yaml) {
        return as(ADMIN).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8)).post("/workflows/definitions").then();
    }
}
