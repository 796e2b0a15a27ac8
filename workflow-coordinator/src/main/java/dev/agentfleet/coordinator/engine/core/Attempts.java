package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;

/**
 * How a ready step starts: its {@code when} condition (false or null skips it), then, for a step that calls a
 * function, its input and the attempt's call with the timer that bounds it; for one that waits or sleeps, {@link Waits}.
 * An expression that fails fails the step and the run ({@link RunCore#inputFailed}).
 */
final class Attempts {

    private final RunCore core;
    private final Waits waits;

    Attempts(RunCore core, Waits waits) {
        this.core = core;
        this.waits = waits;
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
