package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.RetryPolicy;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * How a ready step starts: its {@code when} condition (false or null skips it), then, for a step that calls a
 * function, its input and the attempt's call with the timer that bounds it; for one that waits or sleeps, {@link Waits}.
 * And how an attempt ends: its answer settles the step, or its failure retries it, sends it to its fallback or fails it.
 * An expression that fails fails the step and the run ({@link RunCore#inputFailed}).
 */
final class Attempts {

    private final RunCore core;
    private final Waits waits;
    private final RandomGenerator random;

    Attempts(RunCore core, Waits waits, RandomGenerator random) {
        this.core = core;
        this.waits = waits;
        this.random = random;
    }

    /** A wait or sleep step is ready: skipped by its condition, or waiting; false when the run failed instead. */
    boolean reachPause(Round r, CompiledWorkflow.Step step) {
        Boolean holds = condition(r, step);
        if (holds == null) {
            return false;
        }
        return !holds || waits.reach(r, step);
    }

    /** Whether the step's {@code when} holds (skipping it when not); null when it failed and the run with it. */
    Boolean condition(Round r, CompiledWorkflow.Step step) {
        if (step.when() == null) {
            return true;
        }
        JsonNode condition;
        try {
            condition = r.evaluate(step.when());
        } catch (Exception e) {
            core.inputFailed(r, step, "its when condition failed: " + e.getMessage());
            return null;
        }
        if (condition.isNull() || (condition.isBoolean() && !condition.booleanValue())) {
            skip(r, step, "its when condition is false");
            return false;
        }
        return true;
    }

    /** Evaluates {@code when} and the input and starts attempt 1; false when the run failed instead. */
    boolean startFirstAttempt(Round r, CompiledWorkflow.Step step) {
        Boolean holds = condition(r, step);
        if (holds == null) {
            return false;
        }
        if (!holds) {
            return true;
        }
        JsonNode input = evaluateInput(r, step);
        if (input == null) {
            return false;
        }
        StepState s = r.step(step.id());
        if (s.attempt > 0) {
            s.attemptBase = s.attempt; // redriven: numbers go on, the retry policy counts afresh
        }
        startAttempt(r, step, s.attempt + 1, input, StepEvent.START);
        return true;
    }

    /** The step's input, or null after failing the step (and the run) when its expression fails. */
    JsonNode evaluateInput(Round r, CompiledWorkflow.Step step) {
        try {
            return r.evaluate(step.input(r.step(step.id()).onFallback()));
        } catch (Exception e) {
            core.inputFailed(r, step, "its input expression failed: " + e.getMessage());
            return null;
        }
    }

    /** The input of an attempt sent again: as it was built (the scope is the same), or null if it no longer builds. */
    static JsonNode inputOrNull(Round r, CompiledWorkflow.Step step) {
        try {
            return r.evaluate(step.input(r.step(step.id()).onFallback()));
        } catch (Exception e) {
            return null;
        }
    }

    static void skip(Round r, CompiledWorkflow.Step step, String why) {
        r.step(step.id()).finishedAt = r.now;
        r.move(step.id(), StepEvent.SKIP, null, Failure.of(FailureKind.SKIPPED, why));
    }

    /**
     * The primary cannot answer: the next attempt, at once, calls the step's fallback (its input built now), under the
     * next attempt number; the retry policy counts the fallback's attempts afresh. The step stays RUNNING.
     */
    void fallBack(Round r, CompiledWorkflow.Step step, String because, Failure failure) {
        StepState s = r.step(step.id());
        s.onFallback = true;
        s.fellBackBecause = because;
        JsonNode input = evaluateInput(r, step);
        if (input == null) {
            return;
        }
        s.attemptBase = s.attempt;
        s.attempt++;
        s.attemptStartedAt = r.now;
        r.move(step.id(), StepEvent.FALL_BACK, s.attempt, failure);
        call(r, step, s.attempt, input, false);
    }

    /** The call of a step's attempt answered (or failed to): the step succeeds, retries, falls back or fails. */
    void answered(Round r, Input.CallAnswered a) {
        StepState s = r.step(a.step());
        if (s.status() != StepStatus.RUNNING || s.attempt != a.attempt()) {
            return; // a late answer to an attempt already settled (timed out, cancelled)
        }
        CompiledWorkflow.Step step = r.workflow.step(a.step());
        CallOutcome outcome = a.outcome();
        if (!outcome.succeeded() && outcome.failure().kind() == FailureKind.IN_FLIGHT) {
            r.timer(TimerKind.REDISPATCH, r.after(outcome.retryAfterMs()), a.step(), a.attempt());
            return;
        }
        r.effect(new Effect.RecordCall(step.function(s.onFallback()), !outcome.countsAgainstBreaker()));
        if (outcome.succeeded()) {
            r.decision.answered(a.step(), a.answeredAtNanos());
            s.output = outcome.output();
            s.finishedAt = r.now;
            s.error = null;
            s.completedSeq = r.run.nextCompletion();
            r.move(a.step(), StepEvent.SUCCEED, a.attempt(), null);
            RunCore.settled(r, step, s, "succeeded");
        } else {
            attemptFailed(r, step, s, outcome.failure(), outcome.circuitOpen());
        }
    }

    private void attemptFailed(Round r, CompiledWorkflow.Step step, StepState s, Failure failure, boolean circuitOpen) {
        RetryPolicy policy = step.definition().retry();
        s.error = failure;
        r.run.touch(step.id());
        int made = s.attempt - (s.attemptBase == null ? 0 : s.attemptBase); // this series' attempts (a redrive starts one)
        boolean retries = policy.retries(made, failure.kind());
        if (step.definition().fallback() != null && !s.onFallback()
                && (circuitOpen || (!retries && FailureKind.RETRYABLE.contains(failure.kind())))) {
            fallBack(r, step, circuitOpen ? failure.message() : "its attempts are spent: " + failure.message(), failure);
        } else if (retries) {
            Duration wait = policy.withJitter(policy.delayFor(made), random.nextDouble());
            s.retryAt = r.after(wait.toMillis());
            r.move(step.id(), StepEvent.RETRY_LATER, s.attempt, failure);
            r.timer(TimerKind.RETRY, s.retryAt, step.id(), s.attempt);
        } else {
            core.stepFailed(r, step, s, failure);
        }
    }

    void startAttempt(Round r, CompiledWorkflow.Step step, int attempt, JsonNode input, StepEvent event) {
        StepState s = r.step(step.id());
        s.attempt = attempt;
        if (s.startedAt == null) {
            s.startedAt = r.now;
        }
        s.attemptStartedAt = r.now;
        s.retryAt = null;
        r.move(step.id(), event, attempt, null);
        r.tookSlot();
        call(r, step, attempt, input, false);
    }

    /** The call of an attempt and the timer that bounds it. */
    static void call(Round r, CompiledWorkflow.Step step, int attempt, JsonNode input, boolean again) {
        Duration timeout = RunCore.timeout(step);
        r.effect(new Effect.StartCall(step.id(), step.function(r.step(step.id()).onFallback()), attempt, input, timeout, again));
        r.timer(TimerKind.STEP_TIMEOUT, r.after(timeout.toMillis()), step.id(), attempt);
    }
}
