package dev.agentfleet.coordinator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * Redrives decided by the core alone: what runs again and under which attempt numbers, what keeps its output, and how
 * a redriven step's retries and compensation count.
 */
class RedriveCoreTest {

    @Test
    void aRedrivenRunKeepsWhatSucceededAndRunsWhatFailedOrWasNotReachedUnderNewAttemptNumbers() {
        Scenario s = Scenario.of("""
                deadline: 1m
                steps:
                  - {id: a, function: test/act}
                  - {id: b, function: test/act, dependsOn: [a], retry: {maxAttempts: 2, initialBackoff: 1s, maxBackoff: 1s, jitter: 0}}
                  - {id: c, function: test/act, dependsOn: [b]}
                  - {id: d, function: test/act, dependsOn: [a], when: 'false'}
                """);
        s.start();
        s.succeed("a", 1, "{\"kept\": true}");
        s.fail("b", 1, FailureKind.UNAVAILABLE);
        s.now += 1_000;
        s.timer(TimerKind.RETRY, "b", 1);
        s.fail("b", 2, FailureKind.UNAVAILABLE);
        assertThat(s.run().status()).isEqualTo(RunStatus.FAILED);

        s.now += 120_000; // long past the first deadline
        s.requestRedrive("user:carol");
        assertThat(s.history()).containsExactly("run-redriven", "step-redriven", "cancelled-step-redriven", "skipped-step-redriven",
                "step-started", "step-skipped");
        assertThat(s.last.history().get(0).by()).isEqualTo("user:carol");
        assertThat(s.run().redrives()).isEqualTo(1);
        assertThat(s.run().error()).isNull();
        assertThat(s.run().deadlineAt()).as("a fresh deadline").isEqualTo(s.now + 60_000);
        assertThat(s.step("a").output.get("kept").asBoolean()).isTrue();
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> {
            assertThat(c.step()).isEqualTo("b");
            assertThat(c.attempt()).as("a new delivery key").isEqualTo(3);
        });
        s.timer(TimerKind.DEADLINE, null, 0); // the first deadline's timer, still set on a replica that drove the run
        assertThat(s.run().status()).isEqualTo(RunStatus.RUNNING);

        s.fail("b", 3, FailureKind.UNAVAILABLE);
        assertThat(s.step("b").status()).as("its retry policy counts afresh: one more attempt").isEqualTo(StepStatus.WAITING_RETRY);
        s.now += 1_000;
        s.timer(TimerKind.RETRY, "b", 3);
        s.succeed("b", 4, "{}");
        s.succeed("c", 1, "{}");
        assertThat(s.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aCancelledRunRedrivenRunsItsUndoneStepsAgainAndNumbersTheirNextCompensationOn() {
        Scenario s = Scenario.of("""
                steps:
                  - {id: a, function: test/act, compensation: {function: test/undo}}
                  - {id: b, function: test/act, dependsOn: [a], retry: {maxAttempts: 1}}
                """);
        s.start();
        s.succeed("a", 1, "{}");
        s.requestCancel();
        s.compensated("a", 1, true);
        assertThat(s.run().status()).isEqualTo(RunStatus.CANCELLED);

        s.requestRedrive("user:carol");
        assertThat(s.history()).containsExactly("cancelled-run-redriven", "compensated-step-redriven", "cancelled-step-redriven",
                "step-started");
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> assertThat(c.attempt()).isEqualTo(2));
        s.succeed("a", 2, "{}");
        s.fail("b", 2, FailureKind.REJECTED);
        assertThat(s.effects(Effect.StartCompensation.class)).singleElement()
                .satisfies(c -> assertThat(c.attempt()).as("compensate/2: not answered from the first undo").isEqualTo(2));
        s.compensated("a", 2, true);
        assertThat(s.run().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aRetiredRunTakenOverWithARedrivePendingIsRedrivenThen() {
        Scenario s = Scenario.of("steps:\n  - {id: a, function: test/act, retry: {maxAttempts: 1}}\n");
        s.start();
        s.fail("a", 1, FailureKind.REJECTED);
        s.recordRequest(dev.agentfleet.coordinator.run.RunEvent.REQUEST_REDRIVE);
        s.run().controls(new dev.agentfleet.coordinator.run.Controls(null, false, null, java.util.Map.of(), 1, "user:carol"));
        s.decide(new Input.TakenOver());
        assertThat(s.history()).containsExactly("run-redriven", "step-redriven", "step-started");
        s.decide(new Input.TakenOver());
        assertThat(s.history()).as("carried out once").doesNotContain("run-redriven");
    }

    @BeforeEach
    void count() {
        Scenario.ran(RedriveCoreTest.class);
    }

    @AfterAll
    static void everyMoveOfBothTablesWasTaken() {
        Scenario.assertEveryMoveTaken();
    }
}
