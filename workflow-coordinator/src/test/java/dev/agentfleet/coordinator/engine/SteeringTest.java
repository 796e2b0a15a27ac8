package dev.agentfleet.coordinator.engine;

import static dev.agentfleet.coordinator.testing.ApiFixture.awaitStatus;
import static dev.agentfleet.coordinator.testing.ApiFixture.register;
import static dev.agentfleet.coordinator.testing.ApiFixture.start;
import static dev.agentfleet.coordinator.testing.ApiFixture.view;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepStatus;
import dev.agentfleet.coordinator.run.StepTransition;
import dev.agentfleet.coordinator.run.Transition;
import dev.agentfleet.coordinator.testing.TestClock;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/**
 * Runs people steer, over the real API against a real Redis and real HTTP functions: a step that waits for a person's
 * signal (sent over HTTP and as a CloudEvent), sleeps the engine's tick ends, and pause and resume. The last test checks
 * that these scenarios took the table's steering moves, which {@link EngineTest} leaves to it.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SteeringTest {

    /** The moves these scenarios take, left out of {@link EngineTest}'s check. */
    static final List<Transition> STEERING = List.of(StepTransition.STEP_WAITING, StepTransition.STEP_SIGNALLED,
            StepTransition.STEP_WAIT_TIMED_OUT, StepTransition.STEP_SLEEPING, StepTransition.STEP_WOKE, RunTransition.SIGNAL_RECEIVED,
            RunTransition.PAUSE_REQUESTED, RunTransition.RUN_PAUSED, RunTransition.RESUME_REQUESTED, RunTransition.RUN_RESUMED,
            RunTransition.REDRIVE_REQUESTED, RunTransition.RUN_REDRIVEN, StepTransition.STEP_REDRIVEN, StepTransition.CANCELLED_STEP_REDRIVEN);

    private static final String APPROVAL = """
            steps:
              - {id: draft, function: test/act, input: '{text: .input.text}'}
              - id: approve
                dependsOn: [draft]
                wait:
                  signal: approval
                  timeout: 1h
                  schema:
                    type: object
                    required: [decision]
                    properties: {decision: {enum: [approve, edit, escalate]}}
              - {id: send, function: test/act, dependsOn: [approve], input: '{decision: .steps.approve.output.decision}'}
            output: '{sent: .steps.send.output.echo.decision}'
            """;

    @Inject
    DefinitionRegistry registry;
    @Inject
    TestClock clock;
    @Inject
    EngineMetrics metrics;
    @Inject
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    @Order(1)
    void aPersonsSignalLetsAWaitingRunGoOnAndIsTakenOnce() {
        String run = start(register(registry, "steer", APPROVAL), "{\"text\": \"hello\"}");
        awaitStep(run, "approve", "WAITING");
        assertThat(gauge("agentfleet.workflow.runs.waiting")).isGreaterThanOrEqualTo(1);

        signal(run, "approval", erin(), "{\"id\": \"s-1\", \"payload\": {\"decision\": \"maybe\"}}").statusCode(422)
                .body("errors.field", hasItem("payload.decision"));
        signal(run, "approval", DevTokens.token("alice", "workflow-submit"), "{\"id\": \"s-1\", \"payload\": {\"decision\": \"approve\"}}")
                .statusCode(403); // the starter reads the run but may not decide for it
        signal(run, "approval", DevTokens.token("dave", "workflow-submit"), "{\"id\": \"s-1\", \"payload\": {\"decision\": \"approve\"}}")
                .statusCode(404); // neither a signaller nor able to read the run: as if there were none
        signal(run, "approval", erin(), "{\"id\": \"s-1\", \"payload\": {\"decision\": \"approve\"}}").statusCode(202)
                .body("state", equalTo("recorded"));
        signal(run, "approval", erin(), "{\"id\": \"s-1\", \"payload\": {\"decision\": \"approve\"}}").statusCode(202)
                .body("state", equalTo("recorded before"));

        awaitStatus(run, "SUCCEEDED");
        view(run).body("output.sent", equalTo("approve")).body("steps.find { it.id == 'approve' }.signalledBy", equalTo("user:erin"));
        signal(run, "approval", erin(), "{\"id\": \"s-2\", \"payload\": {\"decision\": \"edit\"}}").statusCode(409);
        signal(run, "no-such-signal", erin(), "{\"payload\": {}}").statusCode(404).body("errors[0].field", equalTo("name"));
        given().auth().oauth2(admin()).get("/workflows/runs/" + run + "/events").then().statusCode(200)
                .body("events.findAll { it.type == 'signal-received' }.by", hasItem("user:erin"));
    }

    @Test
    @Order(2)
    void aSignalSentEarlyIsKeptAndASecondOneUnderTheNameIsAConflict() {
        String run = start(register(registry, "steer", APPROVAL.replace("input: '{text: .input.text}'", "input: '{sleepMs: 1500}'")), "{}");
        awaitStep(run, "draft", "RUNNING");
        signal(run, "approval", erin(), "{\"id\": \"early\", \"payload\": {\"decision\": \"edit\"}}").statusCode(202);
        signal(run, "approval", erin(), "{\"id\": \"other\", \"payload\": {\"decision\": \"approve\"}}").statusCode(409)
                .body("errors[0].field", equalTo("id"));
        awaitStatus(run, "SUCCEEDED");
        view(run).body("output.sent", equalTo("edit"));
    }

    @Test
    @Order(3)
    void aSignalArrivesAsACloudEventFromTheBroker() {
        String run = start(register(registry, "steer", APPROVAL), "{\"text\": \"hi\"}");
        awaitStep(run, "approve", "WAITING");
        given().header("ce-specversion", "1.0").header("ce-id", "evt-1").header("ce-source", "/approvals")
                .header("ce-type", "dev.agentfleet.workflow.signal").contentType("application/json")
                .body("{\"runId\": \"" + run + "\", \"signal\": \"approval\", \"payload\": {\"decision\": \"escalate\"}}")
                .post("/signal-workflow").then().statusCode(200).header("ce-type", "dev.agentfleet.workflow.signalled");
        awaitStatus(run, "SUCCEEDED");
        view(run).body("output.sent", equalTo("escalate"))
                .body("steps.find { it.id == 'approve' }.signalledBy", equalTo("event:/approvals"));
    }

    @Test
    @Order(4)
    void aWaitWithoutItsSignalFailsTheRunWhenItsTimeoutPasses() {
        String run = start(register(registry, "steer", APPROVAL.replace("timeout: 1h", "timeout: 2s")), "{}");
        awaitStep(run, "approve", "WAITING");
        clock.advance(Duration.ofSeconds(3));
        awaitStatus(run, "FAILED");
        view(run).body("steps.find { it.id == 'approve' }.error.kind", equalTo("timeout"));
    }

    @Test
    @Order(5)
    void aSleepEndsWhenTheTickFindsItsTimePassed() {
        String run = start(register(registry, "steer", "steps:\n  - {id: nap, sleep: 10m}\n  - {id: after, function: test/act, dependsOn: [nap]}\n"), "{}");
        awaitStep(run, "nap", "SLEEPING");
        clock.advance(Duration.ofMinutes(10));
        awaitStatus(run, "SUCCEEDED");
    }

    @Test
    @Order(6)
    void anAdminPausesARunWhichStartsNothingNewUntilResumed() {
        String run = start(register(registry, "steer", """
                steps:
                  - {id: a, function: test/act, input: '{sleepMs: 1500}'}
                  - {id: b, function: test/act, dependsOn: [a]}
                """), "{}");
        awaitStep(run, "a", "RUNNING");
        given().auth().oauth2(DevTokens.token("alice", "workflow-submit")).post("/workflows/runs/" + run + "/pause").then().statusCode(403);
        given().auth().oauth2(admin()).post("/workflows/runs/" + run + "/pause").then().statusCode(202);
        awaitStatus(run, "PAUSED");
        assertThat(gauge("agentfleet.workflow.runs.paused")).isEqualTo(1);
        awaitStep(run, "a", "SUCCEEDED"); // the call in flight finished and was recorded
        view(run).body("steps.find { it.id == 'b' }.status", equalTo("PENDING"));
        given().auth().oauth2(admin()).post("/workflows/runs/" + run + "/pause").then().statusCode(202).body("state", equalTo("recorded before"));
        given().auth().oauth2(admin()).post("/workflows/runs/" + run + "/resume").then().statusCode(202);
        awaitStatus(run, "SUCCEEDED");
        assertThat(gauge("agentfleet.workflow.runs.paused")).isZero();
        given().auth().oauth2(admin()).post("/workflows/runs/" + run + "/resume").then().statusCode(409);
        given().auth().oauth2(admin()).get("/workflows/runs/" + run + "/events").then().statusCode(200)
                .body("events.findAll { it.type == 'run-paused' }.by", hasItem("user:carol"));
    }

    @Test
    @Order(7)
    void anAdminRedrivesAFailedRunWhichRunsWhatFailedAgainUnderNewKeysAndKeepsWhatSucceeded() {
        String workflow = register(registry, "steer", "steps:\n  - {id: a, function: test/act}\n"
                + "  - {id: b, function: test/act, dependsOn: [a], input: '{failFirst: 1, failStatus: 422}', retry: {maxAttempts: 1}}\n"
                + "  - {id: c, function: test/act, dependsOn: [b]}\n");
        String run = start(workflow, "{}");
        awaitStatus(run, "FAILED");
        // a version registered since changes nothing for this run: it stays pinned to the one it started with
        registry.register(("name: " + workflow + "\nversion: \"2\"\nsteps:\n  - {id: other, function: test/act}\n")
                .getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(DevTokens.token("alice", "workflow-submit")).post("/workflows/runs/" + run + "/redrive").then().statusCode(403);
        given().auth().oauth2(admin()).post("/workflows/runs/" + run + "/redrive").then().statusCode(202);
        awaitStatus(run, "SUCCEEDED");
        view(run).body("version", equalTo("1")).body("steps.id", org.hamcrest.Matchers.contains("a", "b", "c"))
                .body("redrives", equalTo(1)).body("steps.find { it.id == 'a' }.attempts", equalTo(1))
                .body("steps.find { it.id == 'b' }.attempts", equalTo(2)).body("steps.find { it.id == 'c' }.attempts", equalTo(1));
        java.util.Map<String, Integer> deliveries = given().get(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("test.functions.url", String.class) + "/deliveries").then().extract().jsonPath().getMap("$");
        assertThat(deliveries).containsKeys(run + "/a/1", run + "/b/1", run + "/b/2", run + "/c/1").doesNotContainKey(run + "/a/2");
        given().auth().oauth2(admin()).get("/workflows/runs/" + run + "/events").then().statusCode(200)
                .body("events.type", org.hamcrest.Matchers.hasItems("redrive-requested", "run-redriven", "step-redriven",
                        "cancelled-step-redriven"))
                .body("events.findAll { it.type == 'run-redriven' }.by", hasItem("user:carol"));
        given().auth().oauth2(admin()).post("/workflows/runs/" + run + "/redrive").then().statusCode(409)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    @Order(100)
    void theSteeringMovesWereTaken() {
        List<Transition> never = new ArrayList<>();
        for (Transition t : STEERING) {
            if (metrics.transitions(t) == 0) {
                never.add(t);
            }
        }
        assertThat(never).as("steering moves no scenario took").isEmpty();
    }

    /**
     * The moves of steering (waits, sleeps, pauses and the requests that reach a run): {@link EngineTest} leaves them
     * to this test, which takes {@link #STEERING}, and to the core's {@code SteeringCoreTest}, which takes them all.
     */
    static boolean steering(Transition t) {
        if (t instanceof StepTransition s) {
            return List.of(StepStatus.WAITING, StepStatus.SLEEPING).stream().anyMatch(st -> st == s.from() || st == s.to())
                    || s.event() == dev.agentfleet.coordinator.run.StepEvent.REDRIVE;
        }
        if (t instanceof RunTransition r) {
            return r.from() == RunStatus.PAUSED || r.to() == RunStatus.PAUSED || List.of(RunEvent.REQUEST_PAUSE, RunEvent.REQUEST_RESUME,
                    RunEvent.RECEIVE_SIGNAL, RunEvent.REQUEST_REDRIVE, RunEvent.REDRIVE).contains(r.event());
        }
        return false;
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static ValidatableResponse signal(String run, String name, String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/workflows/runs/" + run + "/signals/" + name).then();
    }

    private static void awaitStep(String run, String step, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().auth().oauth2(admin()).get("/workflows/runs/" + run).then().extract()
                        .path("steps.find { it.id == '" + step + "' }.status"), status::equals);
    }

    private static String erin() {
        return DevTokens.token("erin", "workflow-signal");
    }

    private static String admin() {
        return DevTokens.token("carol", "workflow-admin");
    }
}
