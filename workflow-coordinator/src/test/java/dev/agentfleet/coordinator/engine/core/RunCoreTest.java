package dev.agentfleet.coordinator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.IllegalTransitionException;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * The engine's decisions with nothing around them: a run's state and one round of inputs in, its moves and effects out.
 * Milliseconds, no Redis, no HTTP, time moved by hand. The last check: with {@link SteeringCoreTest}'s, the scenarios took every move of both tables.
 */
class RunCoreTest {

    private static final String CHAIN = """
            steps:
              - {id: a, function: test/act, input: '{n: .input.n}'}
              - {id: b, function: test/act, dependsOn: [a], input: '{n: (.steps.a.output.n + 1)}'}
            output: '{n: .steps.b.output.n}'
            """;

    @Test
    void stepsStartAsTheirDependenciesAllowAndTheRunSucceedsWithItsOutput() {
        Scenario s = Scenario.of(CHAIN, "{\"n\": 1}", true, 128);
        s.start();
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> {
            assertThat(c.step()).isEqualTo("a");
            assertThat(c.attempt()).isEqualTo(1);
            assertThat(c.input().get("n").asInt()).isEqualTo(1);
        });
        assertThat(s.effects(Effect.ScheduleTimer.class)).extracting(Effect.ScheduleTimer::kind).containsExactly(TimerKind.STEP_TIMEOUT);

        s.succeed("a", 1, "{\"n\": 1}");
        assertThat(s.history()).containsExactly("step-succeeded", "step-started");
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> assertThat(c.input().get("n").asInt()).isEqualTo(2));

        Decision done = s.succeed("b", 1, "{\"n\": 2}");
        assertThat(s.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.run().output().get("n").asInt()).isEqualTo(2);
        assertThat(done.finish()).isEqualTo(Decision.Finish.FINISHED);
        assertThat(s.effects(Effect.EmitCompletion.class)).hasSize(1);

        assertThat(s.decide(new Input.Notified()).finish()).as("the event was accepted: retire").isEqualTo(Decision.Finish.RETIRE);
    }

    @Test
    void withoutCompletionEventsAFinishedRunRetiresAtOnce() {
        Scenario s = Scenario.of("steps:\n  - {id: a, function: test/act}\n", "{}", false, 128);
        s.start();
        assertThat(s.succeed("a", 1, "{}").finish()).isEqualTo(Decision.Finish.RETIRE);
    }

    @Test
    void parallelBranchesStartTogetherWithinTheFreeSlots() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act}
                  - {id: b, function: test/act}
                  - {id: c, function: test/act}
                """);
        s.slotsFree = 2;
        Decision d = s.start();
        assertThat(s.effects(Effect.StartCall.class)).extracting(Effect.StartCall::step).containsExactly("a", "b");
        assertThat(d.starvedForSlots()).as("c waits for a slot").isTrue();
        assertThat(d.readySteps()).containsExactly("a", "b", "c");
        s.slotsFree = 1;
        s.succeed("a", 1, "{}");
        assertThat(s.effects(Effect.StartCall.class)).extracting(Effect.StartCall::step).containsExactly("c");
    }

    @Test
    void falseConditionsAndAnAnyJoinWithNoSuccessSkip() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: x, function: test/act, when: '.input.go'}
                  - {id: y, function: test/act, dependsOn: [x], join: any}
                  - {id: z, function: test/act, dependsOn: [x]}
                """, "{\"go\": false}", true, 128);
        s.start();
        assertThat(s.step("x").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(s.step("y").status()).isEqualTo(StepStatus.SKIPPED);
        assertThat(s.step("z").status()).isEqualTo(StepStatus.RUNNING);
        assertThat(s.last.history().get(0).failure().kind()).isEqualTo(FailureKind.SKIPPED);
    }

    @Test
    void aRetryableFailureWaitsItsBackoffThenRetriesUnderTheNextAttempt() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act, retry: {maxAttempts: 2, initialBackoff: 1s, maxBackoff: 1s, jitter: 0}}
                """);
        s.start();
        s.fail("a", 1, FailureKind.UNAVAILABLE);
        assertThat(s.step("a").status()).isEqualTo(StepStatus.WAITING_RETRY);
        assertThat(s.effects(Effect.ScheduleTimer.class)).singleElement()
                .satisfies(t -> assertThat(t.due()).isEqualTo(s.now + 1000));
        assertThat(s.effects(Effect.RecordCall.class)).singleElement().satisfies(r -> assertThat(r.healthy()).isFalse());

        s.timer(TimerKind.RETRY, "a", 1);
        assertThat(s.step("a").status()).as("not yet due").isEqualTo(StepStatus.WAITING_RETRY);
        s.now += 1000;
        s.timer(TimerKind.RETRY, "a", 1);
        assertThat(s.history()).containsExactly("step-retried");
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> assertThat(c.attempt()).isEqualTo(2));

        s.fail("a", 2, FailureKind.UNAVAILABLE);
        assertThat(s.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(s.run().error().kind()).isEqualTo(FailureKind.STEP_FAILED);
    }

    @Test
    void aRefusedInputFailsTheRunAtOnceAndLaterStepsAreNotReached() {
        Scenario s = Scenario.of(CHAIN, "{\"n\": 1}", true, 128);
        s.start();
        s.fail("a", 1, FailureKind.REJECTED);
        assertThat(s.history()).containsExactly("step-failed", "step-not-reached", "run-failed");
        assertThat(s.step("b").status()).isEqualTo(StepStatus.CANCELLED);
    }

    @Test
    void anAttemptPastItsTimeoutIsCancelledAndCountsAsATimeout() {
        Scenario s = Scenario.of("steps:\n  - {id: a, function: test/act, timeout: 1s, retry: {maxAttempts: 1}}\n");
        s.start();
        s.timer(TimerKind.STEP_TIMEOUT, "a", 1);
        assertThat(s.effects(Effect.CancelCall.class)).singleElement().satisfies(c -> assertThat(c.step()).isEqualTo("a"));
        assertThat(s.step("a").error.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(s.timer(TimerKind.STEP_TIMEOUT, "a", 1).effects()).as("a late timer changes nothing").isEmpty();
    }

    @Test
    void aDeliveryStillRunningIsSentAgainUnderTheSameKeyLater() {
        Scenario s = Scenario.of("steps:\n  - {id: a, function: test/act}\n");
        s.start();
        s.decide(new Input.CallAnswered("a", 1, false, CallOutcome.inFlight(2000, 0), 0));
        assertThat(s.last.transitions()).isEmpty();
        assertThat(s.effects(Effect.ScheduleTimer.class)).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(TimerKind.REDISPATCH);
            assertThat(t.due()).isEqualTo(s.now + 2000);
        });
        s.timer(TimerKind.REDISPATCH, "a", 1);
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> {
            assertThat(c.attempt()).isEqualTo(1);
            assertThat(c.again()).isTrue();
        });
    }

    @Test
    void aFailedRunCompensatesCompletedStepsNewestFirstRetryingTransientFailures() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act, compensation: {function: test/undo}}
                  - {id: b, function: test/act, dependsOn: [a], compensation: {function: test/undo}}
                  - {id: c, function: test/act, dependsOn: [b]}
                """);
        s.start();
        s.succeed("a", 1, "{}");
        s.succeed("b", 1, "{}");
        s.fail("c", 1, FailureKind.REJECTED);
        assertThat(s.history()).containsSubsequence("run-compensating", "step-compensation-started");
        assertThat(s.effects(Effect.StartCompensation.class)).singleElement().satisfies(c -> assertThat(c.step()).isEqualTo("b"));

        s.decide(new Input.CallAnswered("b", 1, true, CallOutcome.failure(FailureKind.UNAVAILABLE, "down", 503, 0), 0));
        assertThat(s.effects(Effect.ScheduleTimer.class)).singleElement()
                .satisfies(t -> assertThat(t.kind()).isEqualTo(TimerKind.COMPENSATION_RETRY));
        s.timer(TimerKind.COMPENSATION_RETRY, "b", 1);
        assertThat(s.effects(Effect.StartCompensation.class)).singleElement().satisfies(c -> assertThat(c.attempt()).isEqualTo(2));
        s.compensated("b", 2, true);
        assertThat(s.effects(Effect.StartCompensation.class)).singleElement().satisfies(c -> assertThat(c.step()).isEqualTo("a"));
        s.compensated("a", 1, false);
        assertThat(s.history()).containsExactly("step-compensation-failed", "run-compensated-failed");
        assertThat(s.step("b").status()).isEqualTo(StepStatus.COMPENSATED);
        assertThat(s.step("a").status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
    }

    @Test
    void aCompensationWhoseInputCannotBeBuiltFailsAndTheNextOneRuns() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act, compensation: {function: test/undo}}
                  - {id: b, function: test/act, dependsOn: [a], compensation: {function: test/undo, input: 'error("no")'}}
                  - {id: c, function: test/act, dependsOn: [b]}
                """);
        s.start();
        s.succeed("a", 1, "{}");
        s.succeed("b", 1, "{}");
        s.fail("c", 1, FailureKind.REJECTED);
        assertThat(s.step("b").status()).isEqualTo(StepStatus.COMPENSATION_FAILED);
        assertThat(s.effects(Effect.StartCompensation.class)).singleElement().satisfies(c -> assertThat(c.step()).isEqualTo("a"));
        s.timer(TimerKind.COMPENSATION_TIMEOUT, "a", 1);
        assertThat(s.effects(Effect.CancelCall.class)).singleElement().satisfies(c -> assertThat(c.compensation()).isTrue());
    }

    @Test
    void cancellingAbandonsWhatIsInFlightAndCompensatesThenEndsCancelled() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act, compensation: {function: test/undo}}
                  - {id: b, function: test/act, dependsOn: [a]}
                  - {id: c, function: test/act, dependsOn: [a], retry: {maxAttempts: 3, initialBackoff: 1h, maxBackoff: 1h}}
                """);
        s.start();
        s.succeed("a", 1, "{}");
        s.fail("c", 1, FailureKind.TIMEOUT);
        s.requestCancel();
        assertThat(s.history()).containsSubsequence("step-abandoned", "step-retry-abandoned", "run-compensating");
        assertThat(s.effects(Effect.CancelCall.class)).extracting(Effect.CancelCall::step).containsExactly("b");
        s.compensated("a", 1, true);
        assertThat(s.run().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(s.history()).containsExactly("step-compensated", "run-compensated-cancelled");
    }

    @Test
    void cancellingARunWithNothingToUndoEndsItCancelled() {
        Scenario s = Scenario.of(CHAIN, "{\"n\": 1}", true, 128);
        s.start();
        s.requestCancel();
        assertThat(s.history()).containsExactly("step-abandoned", "step-not-reached", "run-cancelled");
        assertThat(s.run().error().kind()).isEqualTo(FailureKind.CANCELLED);
    }

    @Test
    void theDeadlineFailsARunStillGoing() {
        Scenario s = Scenario.of("deadline: 2s\nsteps:\n  - {id: a, function: test/act}\n");
        s.start();
        assertThat(s.effects(Effect.ScheduleTimer.class)).extracting(Effect.ScheduleTimer::kind).contains(TimerKind.DEADLINE);
        s.now += 2_000;
        s.timer(TimerKind.DEADLINE, null, 0);
        assertThat(s.run().error().kind()).isEqualTo(FailureKind.DEADLINE);
    }

    @Test
    void expressionsThatFailAtRunTimeFailTheirStep() {
        Scenario first = Scenario.of("steps:\n  - {id: a, function: test/act, input: '{n: (.input.x | tonumber)}'}\n",
                "{\"x\": \"nope\"}", true, 128);
        first.start();
        assertThat(first.history()).startsWith("step-input-failed");

        Scenario retry = Scenario.of("""
                steps:
                  - {id: a, function: test/act, input: 'if .steps.b.status == "SUCCEEDED" then error("late") else {} end',
                     retry: {maxAttempts: 2, initialBackoff: 1s, maxBackoff: 1s, jitter: 0}}
                  - {id: b, function: test/act}
                """);
        retry.start();
        retry.fail("a", 1, FailureKind.UNAVAILABLE);
        retry.succeed("b", 1, "{}");
        retry.now += 1000;
        retry.timer(TimerKind.RETRY, "a", 1);
        assertThat(retry.history()).startsWith("step-retry-input-failed");

        Scenario output = Scenario.of("steps:\n  - {id: a, function: test/act}\noutput: 'def f: 1 + f; f'\n");
        output.start();
        output.succeed("a", 1, "{}");
        assertThat(output.run().error().kind()).isEqualTo(FailureKind.OUTPUT);
    }

    @Test
    void aRunTakenOverResumesItsTimersAndSendsWhatWasInFlightAgain() {
        Scenario s = Scenario.of("""
                deadline: 1h
                steps:
                  - {id: a, function: test/act}
                  - {id: b, function: test/act, retry: {maxAttempts: 3, initialBackoff: 1m, maxBackoff: 1m, jitter: 0}}
                """);
        s.start();
        s.fail("b", 1, FailureKind.UNAVAILABLE);
        s.decide(new Input.TakenOver());
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> {
            assertThat(c.step()).isEqualTo("a");
            assertThat(c.again()).isTrue();
        });
        assertThat(s.effects(Effect.ScheduleTimer.class)).extracting(Effect.ScheduleTimer::kind)
                .containsExactlyInAnyOrder(TimerKind.DEADLINE, TimerKind.STEP_TIMEOUT, TimerKind.RETRY);
        assertThat(s.last.transitions()).as("nothing moves").isEmpty();
    }

    @Test
    void aFinishedRunTakenOverIsAnnouncedAgainOrRetired() {
        Scenario s = Scenario.of("steps:\n  - {id: a, function: test/act}\n");
        s.start();
        s.succeed("a", 1, "{}");
        s.decide(new Input.TakenOver());
        assertThat(s.effects(Effect.EmitCompletion.class)).hasSize(1);
        s.decide(new Input.Notified());
        s.decide(new Input.TakenOver());
        assertThat(s.effects(Effect.Retire.class)).hasSize(1);
    }

    @Test
    void aRunThatCouldNotBeDecidedFailsOrEndsAsItStands() {
        Scenario s = Scenario.of(CHAIN, "{\"n\": 1}", true, 128);
        s.start();
        s.decide(new Input.Failed(Failure.of(FailureKind.INTERNAL, "boom"), false));
        assertThat(s.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(s.run().error().kind()).isEqualTo(FailureKind.INTERNAL);

        Scenario compensating = Scenario.of("""
                steps:
                  - {id: a, function: test/act, compensation: {function: test/undo}}
                  - {id: b, function: test/act, dependsOn: [a]}
                """);
        compensating.start();
        compensating.succeed("a", 1, "{}");
        compensating.fail("b", 1, FailureKind.REJECTED);
        compensating.decide(new Input.Failed(Failure.of(FailureKind.INTERNAL, "boom again"), true));
        assertThat(compensating.history()).containsExactly("run-compensated-failed");
        assertThat(compensating.effects(Effect.StartCompensation.class)).isEmpty();
    }

    @Test
    void aMoveTheTableDoesNotHaveFailsLoudly() {
        Scenario s = Scenario.of(CHAIN, "{\"n\": 1}", true, 128);
        assertThatThrownBy(() -> s.run().move("b", StepEvent.SUCCEED)).isInstanceOf(IllegalTransitionException.class)
                .hasMessage("a step cannot move from PENDING on SUCCEED");
        assertThatThrownBy(() -> s.run().move(dev.agentfleet.coordinator.run.RunEvent.START, 0))
                .hasMessage("a run cannot move from RUNNING on START");
        s.start();
        s.succeed("a", 1, "{}");
        s.succeed("b", 1, "{}");
        assertThatThrownBy(() -> s.run().move(dev.agentfleet.coordinator.run.RunEvent.CANCEL, 0))
                .hasMessage("a run cannot move from SUCCEEDED on CANCEL");
    }

    @org.junit.jupiter.api.BeforeEach
    void count() {
        Scenario.ran(RunCoreTest.class);
    }

    @AfterAll
    static void everyMoveOfBothTablesWasTaken() {
        Scenario.assertEveryMoveTaken();
    }
}
