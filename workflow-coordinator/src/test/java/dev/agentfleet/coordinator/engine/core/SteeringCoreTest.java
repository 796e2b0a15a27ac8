package dev.agentfleet.coordinator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * Runs people steer, decided by the core alone: steps that wait for a signal or sleep, pausing and resuming, and
 * requests that meet a paused run. With {@link RunCoreTest}'s, these scenarios take every move of both tables.
 */
class SteeringCoreTest {

    private static final String APPROVAL = """
            steps:
              - {id: draft, function: test/act}
              - id: approve
                dependsOn: [draft]
                wait: {signal: approval, timeout: 1h}
              - {id: send, function: test/act, dependsOn: [approve], input: '{decision: .steps.approve.output.decision}'}
            """;

    @Test
    void aWaitStepWaitsForItsSignalAndLaterStepsSeeThePayload() {
        Scenario s = Scenario.of(APPROVAL);
        s.start();
        s.succeed("draft", 1, "{}");
        assertThat(s.history()).containsExactly("step-succeeded", "step-waiting");
        assertThat(s.step("approve").status()).isEqualTo(StepStatus.WAITING);
        assertThat(s.step("approve").wakeAt).isEqualTo(s.now + Duration.ofHours(1).toMillis());
        assertThat(s.effects(Effect.ScheduleTimer.class)).extracting(Effect.ScheduleTimer::kind).containsExactly(TimerKind.WAKE);
        assertThat(s.effects(Effect.StartCall.class)).isEmpty();

        s.now += 60_000;
        s.signal("approval", "sig-1", "{\"decision\": \"approve\"}", "user:erin");
        assertThat(s.history()).containsExactly("step-signalled", "step-started");
        assertThat(s.last.history().get(0).by()).isEqualTo("user:erin");
        assertThat(s.step("approve").output.get("decision").asText()).isEqualTo("approve");
        assertThat(s.step("approve").signalId).isEqualTo("sig-1");
        assertThat(s.effects(Effect.StartCall.class)).singleElement()
                .satisfies(c -> assertThat(c.input().get("decision").asText()).isEqualTo("approve"));
    }

    @Test
    void aSignalThatComesBeforeItsStepIsKeptAndTakenWhenTheStepIsReached() {
        Scenario s = Scenario.of(APPROVAL);
        s.start();
        s.signal("approval", "early", "{\"decision\": \"edit\"}", "user:erin");
        assertThat(s.history()).as("draft still runs: nothing moves yet").isEmpty();
        s.succeed("draft", 1, "{}");
        assertThat(s.history()).containsExactly("step-succeeded", "step-waiting", "step-signalled", "step-started");
        assertThat(s.step("approve").output.get("decision").asText()).isEqualTo("edit");
    }

    @Test
    void aWaitWithoutItsSignalInTimeFailsTheRunOrGoesOnWithItsDefault() {
        Scenario fails = Scenario.of(APPROVAL);
        fails.start();
        fails.succeed("draft", 1, "{}");
        fails.now += Duration.ofMinutes(59).toMillis();
        fails.timer(TimerKind.WAKE, "approve", 0);
        assertThat(fails.history()).as("a timer before wakeAt (a takeover's) ends nothing").isEmpty();
        fails.now += Duration.ofMinutes(1).toMillis();
        fails.timer(TimerKind.WAKE, "approve", 0);
        assertThat(fails.history()).containsExactly("step-wait-timed-out", "step-not-reached", "run-failed");
        assertThat(fails.step("approve").error.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(fails.run().error().message()).contains("no signal approval within PT1H");

        Scenario goesOn = Scenario.of(APPROVAL.replace("timeout: 1h}", "timeout: 1h, onTimeout: continue, default: {decision: escalate}}"));
        goesOn.start();
        goesOn.succeed("draft", 1, "{}");
        goesOn.now += Duration.ofHours(1).toMillis();
        goesOn.timer(TimerKind.WAKE, "approve", 0);
        assertThat(goesOn.history()).containsExactly("step-wait-defaulted", "step-started");
        assertThat(goesOn.effects(Effect.StartCall.class)).singleElement()
                .satisfies(c -> assertThat(c.input().get("decision").asText()).isEqualTo("escalate"));
    }

    @Test
    void aSleepEndsAfterItsDurationOrAtTheTimeItsExpressionGives() {
        Scenario forAWhile = Scenario.of("steps:\n  - {id: nap, sleep: 10m}\n  - {id: after, function: test/act, dependsOn: [nap]}\n");
        forAWhile.start();
        assertThat(forAWhile.history()).containsExactly("step-sleeping");
        forAWhile.now += Duration.ofMinutes(10).toMillis();
        forAWhile.timer(TimerKind.WAKE, "nap", 0);
        assertThat(forAWhile.history()).containsExactly("step-woke", "step-started");

        Instant at = Instant.ofEpochMilli(1_000_000 + 90_000);
        Scenario until = Scenario.of("steps:\n  - {id: nap, sleep: {until: .input.at}}\n", "{\"at\": \"" + at + "\"}", true, 128);
        until.start();
        assertThat(until.step("nap").wakeAt).isEqualTo(at.toEpochMilli());

        Scenario refused = Scenario.of("steps:\n  - {id: nap, sleep: {until: .input.at}}\n", "{\"at\": \"soon\"}", true, 128);
        refused.start();
        assertThat(refused.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.step("nap").error.message()).contains("epoch milliseconds or an ISO-8601 instant, gave \"soon\"");
    }

    @Test
    void aPausedRunStartsNothingNewButRecordsWhatWasInFlightAndGoesOnWhenResumed() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act}
                  - {id: b, function: test/act, dependsOn: [a]}
                  - {id: nap, sleep: 1m}
                """);
        s.start();
        s.requestPause(true, "user:carol");
        assertThat(s.run().status()).isEqualTo(RunStatus.PAUSED);
        assertThat(s.last.history()).extracting(HistoryEvent::type, HistoryEvent::by).containsExactly(
                org.assertj.core.groups.Tuple.tuple("run-paused", "user:carol"));
        s.succeed("a", 1, "{}");
        assertThat(s.history()).as("the answer is recorded; b does not start").containsExactly("step-succeeded");
        s.now += Duration.ofMinutes(2).toMillis();
        s.timer(TimerKind.WAKE, "nap", 0);
        assertThat(s.history()).as("nor does the sleep end").isEmpty();

        s.requestPause(false, "user:carol");
        assertThat(s.history()).containsExactly("run-resumed", "step-started", "step-woke");
        assertThat(s.run().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aPauseWithdrawnBeforeTheOwnerActsLeavesTheRunGoing() {
        Scenario s = Scenario.of("steps:\n  - {id: a, function: test/act}\n");
        s.start();
        s.recordRequest(RunEvent.REQUEST_PAUSE);
        s.requestPause(false, "user:carol");
        assertThat(s.run().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(s.history()).isEmpty();
    }

    @Test
    void aPausedRunStillFailsIsCancelledOrMissesItsDeadline() {
        Scenario fails = Scenario.of("steps:\n  - {id: a, function: test/act, retry: {maxAttempts: 1}}\n");
        fails.start();
        fails.requestPause(true, "user:carol");
        fails.fail("a", 1, FailureKind.REJECTED);
        assertThat(fails.history()).containsExactly("step-failed", "paused-run-failed");

        Scenario undone = Scenario.of("""
                steps:
                  - {id: a, function: test/act, compensation: {function: test/undo}}
                  - {id: b, sleep: 1h, dependsOn: [a]}
                """);
        undone.start();
        undone.succeed("a", 1, "{}");
        undone.requestPause(true, "user:carol");
        undone.requestCancel();
        assertThat(undone.history()).containsExactly("step-sleep-abandoned", "paused-run-compensating", "step-compensation-started");

        Scenario cancelled = Scenario.of(APPROVAL);
        cancelled.start();
        cancelled.succeed("draft", 1, "{}");
        cancelled.requestPause(true, "user:carol");
        cancelled.signal("approval", "while-paused", "{\"decision\": \"approve\"}", "user:erin");
        assertThat(cancelled.history()).as("kept, not taken while paused").isEmpty();
        cancelled.requestCancel();
        assertThat(cancelled.history()).containsExactly("step-wait-abandoned", "step-not-reached", "paused-run-cancelled");

        Scenario late = Scenario.of("deadline: 1m\nsteps:\n  - {id: a, function: test/act}\n");
        late.start();
        late.requestPause(true, "user:carol");
        late.now += 60_000;
        late.timer(TimerKind.DEADLINE, null, 0);
        assertThat(late.history()).containsExactly("step-abandoned", "paused-run-failed");
    }

    @Test
    void aRunTakenOverWaitsAndSleepsOnAndCarriesOutARequestWhoseNoteWasLost() {
        Scenario s = Scenario.of(APPROVAL.replace("  - {id: send", "  - {id: nap, sleep: 1h}\n  - {id: send"));
        s.start();
        s.succeed("draft", 1, "{}");
        s.decide(new Input.TakenOver());
        assertThat(s.effects(Effect.ScheduleTimer.class)).filteredOn(t -> t.kind() == TimerKind.WAKE)
                .extracting(Effect.ScheduleTimer::step).containsExactlyInAnyOrder("approve", "nap");

        // a cancellation recorded in the hash, its note to the owner lost with a replica: the next owner reads it
        s.recordRequest(RunEvent.REQUEST_CANCEL);
        s.run().controls(new dev.agentfleet.coordinator.run.Controls(s.now, false, null, java.util.Map.of()));
        s.decide(new Input.TakenOver());
        assertThat(s.run().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @BeforeEach
    void count() {
        Scenario.ran(SteeringCoreTest.class);
    }

    @AfterAll
    static void everyMoveOfBothTablesWasTaken() {
        Scenario.assertEveryMoveTaken();
    }
}
