package dev.agentfleet.coordinator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepStatus;

/** Fallbacks decided by the core alone: when a step falls back, what its fallback is called with, and when it does not. */
class FallbackCoreTest {

    private static final String ANSWER = """
            steps:
              - id: answer
                function: test/model
                input: '{q: .input.q}'
                retry: {maxAttempts: 2, initialBackoff: 1s, maxBackoff: 1s, jitter: 0}
                fallback: {function: test/template, input: '{q: .input.q, template: true}'}
            output: '{said: .steps.answer.output.said}'
            """;

    @Test
    void anOpenCircuitSendsTheStepToItsFallbackAtOnce() {
        Scenario s = Scenario.of(ANSWER, "{\"q\": \"hi\"}", true, 128);
        s.start();
        s.decide(new Input.CallAnswered("answer", 1, false, CallOutcome.circuitOpen("test/model"), 0));
        assertThat(s.history()).containsExactly("step-fell-back");
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> {
            assertThat(c.function()).isEqualTo("test/template");
            assertThat(c.attempt()).isEqualTo(2);
            assertThat(c.input().get("template").asBoolean()).isTrue();
        });
        assertThat(s.step("answer").fellBackBecause).isEqualTo("the circuit of test/model is open");
        s.succeed("answer", 2, "{\"said\": \"a template answer\"}");
        assertThat(s.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(s.last.settledSteps()).singleElement().satisfies(x -> assertThat(x.function()).isEqualTo("test/template"));
    }

    @Test
    void spentAttemptsOnARetryableFailureFallBackButARefusalDoesNot() {
        Scenario spent = Scenario.of(ANSWER, "{\"q\": \"hi\"}", true, 128);
        spent.start();
        spent.fail("answer", 1, FailureKind.TIMEOUT);
        spent.now += 1_000;
        spent.timer(TimerKind.RETRY, "answer", 1);
        spent.fail("answer", 2, FailureKind.UNAVAILABLE);
        assertThat(spent.history()).containsExactly("step-fell-back");
        assertThat(spent.step("answer").fellBackBecause).startsWith("its attempts are spent: ");

        // the fallback has the step's retry policy afresh: two attempts, then the step fails
        spent.fail("answer", 3, FailureKind.UNAVAILABLE);
        assertThat(spent.step("answer").status()).isEqualTo(StepStatus.WAITING_RETRY);
        spent.now += 1_000;
        spent.timer(TimerKind.RETRY, "answer", 3);
        assertThat(spent.effects(Effect.StartCall.class)).singleElement().satisfies(c -> assertThat(c.function()).isEqualTo("test/template"));
        spent.fail("answer", 4, FailureKind.UNAVAILABLE);
        assertThat(spent.run().status()).isEqualTo(RunStatus.FAILED);

        Scenario refused = Scenario.of(ANSWER, "{\"q\": \"hi\"}", true, 128);
        refused.start();
        refused.fail("answer", 1, FailureKind.REJECTED);
        assertThat(refused.history()).containsExactly("step-failed", "run-failed");
    }

    @Test
    void aFallbackWhoseInputFailsFailsTheStep() {
        Scenario s = Scenario.of(ANSWER.replace("input: '{q: .input.q, template: true}'", "input: 'error(\"no template\")'"),
                "{\"q\": \"hi\"}", true, 128);
        s.start();
        s.decide(new Input.CallAnswered("answer", 1, false, CallOutcome.circuitOpen("test/model"), 0));
        assertThat(s.history()).containsExactly("step-fallback-input-failed", "run-failed");
        assertThat(s.step("answer").error.kind()).isEqualTo(FailureKind.INPUT);
    }

    @BeforeEach
    void count() {
        Scenario.ran(FallbackCoreTest.class);
    }

    @AfterAll
    static void everyMoveOfBothTablesWasTaken() {
        Scenario.assertEveryMoveTaken();
    }
}
