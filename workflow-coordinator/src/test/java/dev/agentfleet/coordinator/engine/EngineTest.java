package dev.agentfleet.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;
import dev.agentfleet.coordinator.invoke.CircuitTransition;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepTransition;
import dev.agentfleet.coordinator.run.Transition;
import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.coordinator.testing.TestClock;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.sdk.problem.ProblemException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * The engine against a real Redis and real HTTP functions ({@link TestFunctions}), time moved by {@link TestClock}.
 * The last test checks that the scenarios took every move of the transition tables ({@link StepTransition},
 * {@link RunTransition}, {@link CircuitTransition}) but steering's, which {@link SteeringTest} takes.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineTest {

    @Inject
    DefinitionRegistry registry;
    @Inject
    RunControl control;
    @Inject
    RunQueries queries;
    @Inject
    TestClock clock;
    @Inject
    EngineMetrics metrics;
    @Inject
    ObjectMapper mapper;
    @Inject
    io.quarkus.redis.datasource.RedisDataSource redis;

    private String register(String yaml) {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(("name: " + name + "\nversion: \"1\"\n" + yaml).getBytes(StandardCharsets.UTF_8));
        return name;
    }

    private String start(String workflow, String inputJson) {
        return start(workflow, inputJson, null);
    }

    private String start(String workflow, String inputJson, String key) {
        try {
            return control.start(new RunControl.StartCommand(workflow, null, mapper.readTree(inputJson), key, "user:engine-test", null)).runId();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Run await(String runId, RunStatus status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> queries.run(runId).map(h -> h.get("status")).orElse(""), s -> s.equals(status.name()));
        return run(runId);
    }

    private Run run(String runId) {
        return Run.fromHash(queries.run(runId).orElseThrow());
    }

    private void awaitStep(String runId, String step, StepStatus status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> run(runId).step(step).status() == status);
    }

    private List<HistoryEvent> history(String runId) {
        List<HistoryEvent> events = new ArrayList<>();
        queries.history(runId, 1000).forEach(e -> events.add(Run.read(e, HistoryEvent.class)));
        return events;
    }

    private Map<String, Integer> deliveries() {
        return RestAssured.get(ConfigProvider.getConfig().getValue("test.functions.url", String.class) + "/deliveries").then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    @Order(1)
    void stepsRunAsTheirDependenciesAllowAndParallelBranchesOverlap() {
        String wf = register("""
                steps:
                  - {id: a, function: test/act, input: '{n: .input.n}'}
                  - {id: b, function: test/act, dependsOn: [a], input: '{n: (.steps.a.output.echo.n + 1), sleepMs: 300}'}
                  - {id: c, function: test/act, dependsOn: [a], input: '{n: (.steps.a.output.echo.n + 2), sleepMs: 300}'}
                  - {id: d, function: test/act, dependsOn: [b, c], input: '{sum: (.steps.b.output.echo.n + .steps.c.output.echo.n)}'}
                output: '{sum: .steps.d.output.echo.sum}'
                """);
        String id = start(wf, "{\"n\": 10}");
        Run run = await(id, RunStatus.SUCCEEDED);

        assertThat(run.output().get("sum").asInt()).isEqualTo(23);
        StepState b = run.step("b");
        StepState c = run.step("c");
        assertThat(Math.abs(b.attemptStartedAt - c.attemptStartedAt)).as("b and c start together").isLessThan(150);
        assertThat(run.step("d").startedAt).isGreaterThanOrEqualTo(Math.max(b.finishedAt, c.finishedAt));
        assertThat(run.steps().values()).allSatisfy(s -> assertThat(s.attempt).isEqualTo(1));
        assertThat(deliveries()).containsEntry(id + "/a/1", 1).containsEntry(id + "/d/1", 1);
    }

    @Test
    @Order(2)
    void falseConditionsSkipAndSkippedDependenciesCountAsDone() {
        String wf = register("""
                steps:
                  - {id: x, function: test/act, when: '.input.go'}
                  - {id: y, function: test/act, dependsOn: [x], join: any}
                  - {id: z, function: test/act, dependsOn: [x]}
                """);
        Run run = await(start(wf, "{\"go\": false}"), RunStatus.SUCCEEDED);
        assertThat(run.step("x").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(run.step("y").status()).as("no dependency of an any-join succeeded").isEqualTo(StepStatus.SKIPPED);
        assertThat(run.step("z").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    @Order(2)
    void anAnyJoinStartsWhenTheFirstDependencySucceeds() {
        String wf = register("""
                steps:
                  - {id: fast, function: test/act, input: '{n: 1}'}
                  - {id: slow, function: test/act, input: '{n: 2, sleepMs: 1500}'}
                  - {id: first, function: test/act, dependsOn: [fast, slow], join: any, input: '{n: .steps.fast.output.echo.n}'}
                output: '{first: .steps.first.output.echo.n}'
                """);
        Run run = await(start(wf, "{}"), RunStatus.SUCCEEDED);
        assertThat(run.output().get("first").asInt()).isEqualTo(1);
        assertThat(run.step("first").startedAt).as("the any-join does not wait for the slow branch")
                .isLessThan(run.step("slow").finishedAt);
    }

    @Test
    @Order(3)
    void retryableFailuresAreRetriedWithNewKeysUntilTheStepSucceeds() {
        String wf = register("""
                steps:
                  - id: a
                    function: test/flaky
                    input: '{failFirst: 2, failStatus: 503}'
                    retry: {maxAttempts: 3, initialBackoff: 50ms, maxBackoff: 200ms, multiplier: 2, jitter: 0}
                """);
        String id = start(wf, "{}");
        Run run = await(id, RunStatus.SUCCEEDED);
        assertThat(run.step("a").attempt).isEqualTo(3);
        assertThat(deliveries()).containsEntry(id + "/a/1", 1).containsEntry(id + "/a/2", 1).containsEntry(id + "/a/3", 1);
        assertThat(history(id)).extracting(HistoryEvent::type).containsSubsequence("step-started", "step-retry-scheduled",
                "step-retried", "step-retry-scheduled", "step-retried", "step-succeeded", "run-succeeded");
    }

    @Test
    @Order(4)
    void aRefusedInputFailsTheRunAtOnceAndLaterStepsAreNotReached() {
        String wf = register("""
                steps:
                  - {id: a, function: test/act, input: '{status: 400}'}
                  - {id: b, function: test/act, dependsOn: [a]}
                """);
        Run run = await(start(wf, "{}"), RunStatus.FAILED);
        assertThat(run.step("a").attempt).as("4xx is not retried").isEqualTo(1);
        assertThat(run.step("a").error.kind().wire()).isEqualTo("rejected");
        assertThat(run.step("b").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(run.error().kind().wire()).isEqualTo("step-failed");
        assertThat(run.error().step()).isEqualTo("a");
    }

    @Test
    @Order(5)
    void anAttemptThatOutlivesItsTimeoutIsRetriedThenFails() {
        String wf = register("""
                steps:
                  - id: a
                    function: test/slow
                    input: '{sleepMs: 30000}'
                    timeout: 1s
                    retry: {maxAttempts: 2, initialBackoff: 50ms, maxBackoff: 50ms, multiplier: 1, jitter: 0, retryOn: [timeout]}
                """);
        String id = start(wf, "{}");
        awaitStep(id, "a", StepStatus.RUNNING);
        // The step is RUNNING once the attempt is committed, a moment before its request reaches the function: on a
        // loaded machine a timeout fired at once could abandon the call before it was sent. Time out what arrived.
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> deliveries().containsKey(id + "/a/1"));
        clock.advance(Duration.ofMillis(1500));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> run(id).step("a").attempt == 2
                && run(id).step("a").status() == StepStatus.RUNNING && deliveries().containsKey(id + "/a/2"));
        clock.advance(Duration.ofMillis(1500));
        Run run = await(id, RunStatus.FAILED);
        assertThat(run.step("a").error.kind().wire()).isEqualTo("timeout");
        assertThat(deliveries()).containsKeys(id + "/a/1", id + "/a/2");
    }

    @Test
    @Order(6)
    void aFailedRunAbandonsWhatIsInFlightAndCompensatesCompletedStepsNewestFirst() {
        String wf = register("""
                steps:
                  - id: a
                    function: test/act
                    compensation: {function: test/undo, input: '{undo: "a"}'}
                  - id: b
                    function: test/act
                    dependsOn: [a]
                    compensation: {function: test/undo, input: '{undo: "b"}'}
                  - {id: slow, function: test/act, dependsOn: [a], input: '{sleepMs: 30000}'}
                  - {id: c, function: test/act, dependsOn: [b], input: '{status: 400}'}
                """);
        String id = start(wf, "{}");
        Run run = await(id, RunStatus.FAILED);
        assertThat(run.step("slow").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(run.step("a").status()).isEqualTo(StepStatus.COMPENSATED);
        assertThat(run.step("b").status()).isEqualTo(StepStatus.COMPENSATED);
        List<String> compensated = history(id).stream().filter(e -> e.type().equals("step-compensated")).map(HistoryEvent::step).toList();
        assertThat(compensated).containsExactly("b", "a");
        assertThat(deliveries()).containsEntry(id + "/b/compensate/1", 1).containsEntry(id + "/a/compensate/1", 1);
        assertThat(history(id)).extracting(HistoryEvent::type).contains("step-abandoned", "run-compensating", "run-compensated-failed");
    }

    @Test
    @Order(7)
    void aCompensationThatKeepsFailingIsRecordedAndTheRunStillEnds() {
        String wf = register("""
                steps:
                  - id: a
                    function: test/act
                    compensation: {function: test/undo, input: '{status: 400}'}
                  - {id: b, function: test/act, dependsOn: [a], input: '{status: 422}'}
                """);
        Run run = await(start(wf, "{}"), RunStatus.FAILED);
        assertThat(run.step("a").status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
        assertThat(run.step("a").compensationError.kind().wire()).isEqualTo("rejected");
    }

    @Test
    @Order(8)
    void cancellingARunningRunCompensatesAndEndsCancelled() {
        String wf = register("""
                steps:
                  - id: a
                    function: test/act
                    compensation: {function: test/undo}
                  - {id: b, function: test/act, dependsOn: [a], input: '{sleepMs: 30000}'}
                """);
        String id = start(wf, "{}");
        awaitStep(id, "b", StepStatus.RUNNING);
        assertThat(control.request(id, RunRequestScript.Action.CANCEL, "user:engine-test").outcome()).isEqualTo(RunRequestScript.Outcome.ACCEPTED);
        Run run = await(id, RunStatus.CANCELLED);
        assertThat(run.step("b").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(run.step("a").status()).isEqualTo(StepStatus.COMPENSATED);
        assertThat(run.error().kind().wire()).isEqualTo("cancelled");
        assertThat(control.request(id, RunRequestScript.Action.CANCEL, "user:engine-test").outcome()).isEqualTo(RunRequestScript.Outcome.TOO_LATE);
        assertThat(control.request("r0-00000000-0000-0000-0000-000000000000", RunRequestScript.Action.CANCEL, "user:engine-test").outcome())
                .isEqualTo(RunRequestScript.Outcome.MISSING);
    }

    @Test
    @Order(9)
    void cancellingAStepWaitingForItsRetryEndsTheRunCancelled() {
        String wf = register("""
                steps:
                  - id: a
                    function: test/flaky
                    input: '{failFirst: 5}'
                    retry: {maxAttempts: 5, initialBackoff: 1h, maxBackoff: 1h, multiplier: 1, jitter: 0}
                """);
        String id = start(wf, "{}");
        awaitStep(id, "a", StepStatus.WAITING_RETRY);
        control.request(id, RunRequestScript.Action.CANCEL, "user:engine-test");
        Run run = await(id, RunStatus.CANCELLED);
        assertThat(run.step("a").status()).isEqualTo(StepStatus.CANCELLED);
        assertThat(history(id)).extracting(HistoryEvent::type).contains("step-retry-abandoned", "run-cancelled");
    }

    @Test
    @Order(10)
    void theDeadlineFailsARunThatIsStillGoing() {
        String wf = register("""
                deadline: 2s
                steps:
                  - {id: a, function: test/act, input: '{sleepMs: 30000}', timeout: 1h}
                """);
        String id = start(wf, "{}");
        awaitStep(id, "a", StepStatus.RUNNING);
        clock.advance(Duration.ofSeconds(3));
        Run run = await(id, RunStatus.FAILED);
        assertThat(run.error().kind().wire()).isEqualTo("deadline");
        assertThat(run.step("a").status()).isEqualTo(StepStatus.CANCELLED);
    }

    @Test
    @Order(11)
    void anInputExpressionThatFailsAtRunTimeFailsTheStep() {
        String wf = register("""
                steps:
                  - {id: a, function: test/act, input: '{n: (.input.x | tonumber)}'}
                """);
        Run run = await(start(wf, "{\"x\": \"not a number\"}"), RunStatus.FAILED);
        assertThat(run.step("a").status()).isEqualTo(StepStatus.FAILED);
        assertThat(run.step("a").error.kind().wire()).isEqualTo("input");
    }

    @Test
    @Order(12)
    void theSameIdempotencyKeyStartsOneRunAndAnotherRequestUnderItIsAConflict() {
        String wf = register("steps:\n  - {id: a, function: test/act}\n");
        String key = "order-" + UUID.randomUUID();
        String first = start(wf, "{\"n\": 1}", key);
        RunControl.Started again = control.start(new RunControl.StartCommand(wf, null, mapper.valueToTree(Map.of("n", 1)), key, "user:engine-test", null));
        assertThat(again.runId()).isEqualTo(first);
        assertThat(again.created()).isFalse();
        assertThatThrownBy(() -> start(wf, "{\"n\": 2}", key)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().status()).isEqualTo(409));
        await(first, RunStatus.SUCCEEDED);
        assertThat(deliveries()).containsEntry(first + "/a/1", 1);
    }

    @Test
    @Order(13)
    void theBreakerOpensAfterConsecutiveFailuresProbesWhenHalfOpenAndCloses() {
        String wf = register("""
                steps:
                  - {id: a, function: test/brittle, input: '{status: .input.status}', retry: {maxAttempts: 1}}
                """);
        for (int i = 0; i < 3; i++) {
            await(start(wf, "{\"status\": 503}"), RunStatus.FAILED);
        }
        String refused = start(wf, "{\"status\": 200}");
        Run run = await(refused, RunStatus.FAILED);
        assertThat(run.step("a").error.message()).contains("circuit");
        assertThat(deliveries()).doesNotContainKey(refused + "/a/1");

        clock.advance(Duration.ofSeconds(11));
        await(start(wf, "{\"status\": 503}"), RunStatus.FAILED); // the probe fails: open again
        clock.advance(Duration.ofSeconds(11));
        await(start(wf, "{\"status\": 200}"), RunStatus.SUCCEEDED); // the probe succeeds: closed
        await(start(wf, "{\"status\": 200}"), RunStatus.SUCCEEDED);
        assertThat(metrics.transitions(CircuitTransition.CIRCUIT_CLOSED)).isPositive();
    }

    @Test
    @Order(14)
    void theOutputExpressionShapesTheResultAndSeesEveryStep() {
        String wf = register("""
                steps:
                  - {id: a, function: test/act, input: '{v: "x"}'}
                output: '{value: .steps.a.output.echo.v, status: .steps.a.status}'
                """);
        JsonNode output = await(start(wf, "{}"), RunStatus.SUCCEEDED).output();
        assertThat(output.get("value").asText()).isEqualTo("x");
        assertThat(output.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    @Order(15)
    void aCancelledRunWithNothingToUndoEndsCancelledAtOnce() {
        String wf = register("steps:\n  - {id: a, function: test/act, input: '{sleepMs: 30000}'}\n");
        String id = start(wf, "{}");
        awaitStep(id, "a", StepStatus.RUNNING);
        control.request(id, RunRequestScript.Action.CANCEL, "user:engine-test");
        assertThat(await(id, RunStatus.CANCELLED).step("a").status()).isEqualTo(StepStatus.CANCELLED);
    }

    @Test
    @Order(16)
    void anOutputExpressionThatRecursesForeverFailsTheRunInsteadOfWedgingIt() {
        String wf = register("""
                steps:
                  - {id: a, function: test/act}
                output: 'def f: 1 + f; f'
                """);
        Run run = await(start(wf, "{}"), RunStatus.FAILED);
        assertThat(run.error().kind().wire()).isEqualTo("output");
        assertThat(run.error().message()).contains("recursed too deeply");
    }

    @Test
    @Order(17)
    void aRunWhoseNextStepCannotBeDecidedFailsVisibly() {
        // A definition stored by an older or broken writer: step b's dependsOn is null, which no registration accepts
        // today. Deciding whether b may start throws; the run must fail, not stay RUNNING with nothing in flight.
        String wf = register("""
                steps:
                  - {id: a, function: test/act}
                  - {id: b, function: test/act, dependsOn: [a]}
                """);
        String prefix = "agentfleet:{wf-def}:";
        String hash = redis.hash(String.class).hget(prefix + "versions:" + wf, "1");
        String body = redis.value(String.class).get(prefix + "body:" + hash).replace("\"dependsOn\":[\"a\"]", "\"dependsOn\":null");
        String broken = "sha256:" + dev.agentfleet.sdk.text.Digests.sha256Hex(body);
        redis.value(String.class).set(prefix + "body:" + broken, body);
        redis.hash(String.class).hset(prefix + "versions:" + wf, "2", broken);
        redis.hash(String.class).hset(prefix + "names", wf, "2");

        Run run = await(start(wf, "{}"), RunStatus.FAILED);
        assertThat(run.error().kind().wire()).isEqualTo("internal");
        assertThat(run.error().message()).contains("could not decide");
        assertThat(history(run.id())).extracting(HistoryEvent::type).contains("run-failed");
    }

    @Test
    @Order(18)
    void aFinishedRunIsAnnouncedToTheSinkOnceWithAStableId() {
        String ok = register("steps:\n  - {id: a, function: test/act}\n");
        String failing = register("steps:\n  - {id: a, function: test/act, input: '{status: 400}'}\n");
        String succeeded = start(ok, "{\"n\": 5}");
        String failed = start(failing, "{}");
        await(succeeded, RunStatus.SUCCEEDED);
        await(failed, RunStatus.FAILED);

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sinkEvents(succeeded)).singleElement().satisfies(e -> {
                assertThat(e.get("type").asText()).isEqualTo("dev.agentfleet.workflow.completed");
                assertThat(e.get("id").asText()).isEqualTo(succeeded + "/succeeded");
                assertThat(e.get("subject").asText()).isEqualTo(succeeded);
                assertThat(e.at("/data/status").asText()).isEqualTo("SUCCEEDED");
                assertThat(e.at("/data/output/a/output/echo/n").asInt()).isEqualTo(5);
            });
            assertThat(sinkEvents(failed)).singleElement().satisfies(e -> {
                assertThat(e.get("type").asText()).isEqualTo("dev.agentfleet.workflow.failed");
                assertThat(e.get("id").asText()).isEqualTo(failed + "/failed");
                assertThat(e.at("/data/error/kind").asText()).isEqualTo("step-failed");
            });
        });
    }

    @Test
    @Order(19)
    void anEventTheSinkRefusedIsDeliveredAgainUnderTheSameId() {
        String wf = register("steps:\n  - {id: a, function: test/act}\n");
        String id = start(wf, "{\"sinkFailures\": 2}");
        await(id, RunStatus.SUCCEEDED);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(sinkEvents(id))
                .as("two refused deliveries, then the accepted one").hasSize(3)
                .allSatisfy(e -> assertThat(e.get("id").asText()).isEqualTo(id + "/succeeded")));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !redis.sortedSet(String.class)
                .zrange("agentfleet:{wf-" + id.substring(1, id.indexOf('-')) + "}:active", 0, -1).contains(id));
    }

    private List<JsonNode> sinkEvents(String runId) throws java.io.IOException {
        String all = RestAssured.get(ConfigProvider.getConfig().getValue("test.functions.url", String.class) + "/sink/events")
                .then().statusCode(200).extract().asString();
        List<JsonNode> events = new ArrayList<>();
        mapper.readTree(all).forEach(e -> {
            if (runId.equals(e.path("subject").asText())) {
                events.add(e);
            }
        });
        return events;
    }

    @Test
    @Order(20)
    void aRetryWhoseInputNoLongerBuildsFailsTheStep() {
        // a's second attempt is built after its sibling b finished, and its input refuses that
        String wf = register("""
                steps:
                  - id: a
                    function: test/flaky
                    input: 'if .steps.b.status == "SUCCEEDED" then error("b finished first") else {failFirst: 1} end'
                    retry: {maxAttempts: 3, initialBackoff: 500ms, maxBackoff: 500ms, multiplier: 1, jitter: 0}
                  - {id: b, function: test/act}
                """);
        String id = start(wf, "{}");
        Run run = await(id, RunStatus.FAILED);
        assertThat(run.step("a").status()).isEqualTo(StepStatus.FAILED);
        assertThat(run.step("a").error.kind().wire()).isEqualTo("input");
        assertThat(history(id)).extracting(HistoryEvent::type).containsSubsequence("step-retry-scheduled", "step-retry-input-failed");
    }

    private static List<Transition> allTransitions() {
        List<Transition> all = new ArrayList<>(List.of(StepTransition.values()));
        all.addAll(List.of(RunTransition.values()));
        all.addAll(List.of(CircuitTransition.values()));
        all.removeIf(SteeringTest::steering); // SteeringTest's
        all.removeAll(List.of(StepTransition.STEP_FELL_BACK, StepTransition.STEP_FALLBACK_INPUT_FAILED)); // FallbackTest's, the core's
        return all;
    }

    @Test
    @Order(100)
    void everyTransitionWasTaken() {
        List<Transition> never = new ArrayList<>();
        for (Transition t : allTransitions()) {
            if (metrics.transitions(t) == 0) {
                never.add(t);
            }
        }
        assertThat(never).as("transitions no scenario took").isEmpty();
    }
}
