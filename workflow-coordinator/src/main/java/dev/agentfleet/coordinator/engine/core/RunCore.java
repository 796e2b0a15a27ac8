package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.Jq;
import dev.agentfleet.coordinator.definition.RetryPolicy;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * Decides what happens in a run: given its state and what happened (the {@link Input}s of one round), it moves the run
 * and its steps through the transition tables and returns the {@link Decision}: the moves taken, each with its history
 * entry, and the {@link Effect}s to carry out once they are committed. Pure: no Redis, no HTTP, no clock (the round's
 * time is given) and no randomness but the generator it is built with; the loop around it ({@code Engine}) commits and
 * acts.
 *
 * <p>After the inputs are applied, a running run advances (steps whose dependencies allow start, within the free slots;
 * the run succeeds when every step is done) and a compensating one compensates its next completed step, newest first.
 * Compensation is {@link Compensations}'.
 */
public final class RunCore {

    /** An attempt's timeout when its step names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * @param completionsEnabled whether finished runs send a completion event (and stay active until it is accepted)
     * @param maxParallelPerRun  at most this many attempts of one run in flight
     * @param expressionBudget   what one jq expression (a step's input or condition, the output) may use
     */
    public record Settings(boolean completionsEnabled, int maxParallelPerRun, Jq.Budget expressionBudget) {
    }

    private final Settings settings;
    private final RandomGenerator random;
    private final Compensations compensations;

    public RunCore(Settings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
        this.compensations = new Compensations(this, random);
    }

    /** The history entry of a run's creation (written with it by {@code run_start}). */
    public static HistoryEvent started(long now) {
        return HistoryEvent.of(now, RunTransition.RUN_STARTED, null, null, null);
    }

    /** The history entry of a cancellation request (written by {@code run_cancel} while the run is RUNNING). */
    public static HistoryEvent cancelRequested(long now) {
        return HistoryEvent.of(now, RunTransition.CANCEL_REQUESTED, null, null, null);
    }

    /**
     * Applies {@code inputs} in order, then decides what follows. {@code slotsFree}: how many more calls this replica
     * may have in flight; a ready step beyond them waits (the decision says it starved).
     */
    public Decision decide(RunState state, List<Input> inputs, long now, int slotsFree) {
        Round round = new Round(state, now, slotsFree, settings.expressionBudget());
        for (Input input : inputs) {
            apply(round, input);
        }
        switch (state.run().status()) {
            case RUNNING -> advance(round);
            case COMPENSATING -> compensations.next(round);
            default -> {
            }
        }
        return round.decision;
    }

    private void apply(Round r, Input input) {
        if (input instanceof Input.CallAnswered a) {
            if (a.compensation()) {
                compensations.answered(r, a);
            } else {
                answered(r, a);
            }
        } else if (input instanceof Input.TimerFired t) {
            timerFired(r, t);
        } else if (input instanceof Input.Started) {
            deadline(r);
        } else if (input instanceof Input.TakenOver) {
            resume(r);
        } else if (input instanceof Input.CancelRequested) {
            if (r.run.status() == RunStatus.RUNNING) {
                failRun(r, RunStatus.CANCELLED, Failure.of(FailureKind.CANCELLED, "cancelled on request"));
            }
        } else if (input instanceof Input.Notified) {
            r.run.setNotified();
            r.effect(new Effect.Retire());
        } else if (input instanceof Input.Failed f && !r.run.status().isFinal()) {
            if (f.asItStands()) {
                r.run.setOutcome(RunStatus.FAILED, f.failure());
                finish(r, RunEvent.FAIL, f.failure());
            } else if (r.run.status() == RunStatus.RUNNING) {
                failRun(r, RunStatus.FAILED, f.failure());
            }
        }
    }

    private void deadline(Round r) {
        if (r.run.deadlineAt() != null && r.run.status() == RunStatus.RUNNING) {
            r.timer(TimerKind.DEADLINE, r.run.deadlineAt(), null, 0);
        }
    }

    /** A run read back from Redis: its timers again, and whatever was in flight sent again under the same keys. */
    private void resume(Round r) {
        if (r.run.status().isFinal()) {
            r.effect(r.run.notified() || !settings.completionsEnabled() ? new Effect.Retire() : new Effect.EmitCompletion());
            return;
        }
        deadline(r);
        for (CompiledWorkflow.Step step : r.workflow.steps()) {
            StepState s = r.step(step.id());
            switch (s.status()) {
                case RUNNING -> call(r, step, s.attempt, inputOrNull(r, step), true);
                case WAITING_RETRY -> r.timer(TimerKind.RETRY, s.retryAt, step.id(), s.attempt);
                case COMPENSATING -> compensations.resume(r, step, s);
                default -> {
                }
            }
        }
    }

    private void answered(Round r, Input.CallAnswered a) {
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
        r.effect(new Effect.RecordCall(step.definition().function(), !outcome.countsAgainstBreaker()));
        if (outcome.succeeded()) {
            r.decision.answered(a.step(), a.answeredAtNanos());
            s.output = outcome.output();
            s.finishedAt = r.now;
            s.error = null;
            s.completedSeq = r.run.nextCompletion();
            r.move(a.step(), StepEvent.SUCCEED, a.attempt(), null);
            settled(r, step, s, "succeeded");
        } else {
            attemptFailed(r, step, s, outcome.failure());
        }
    }

    private void attemptFailed(Round r, CompiledWorkflow.Step step, StepState s, Failure failure) {
        RetryPolicy policy = step.definition().retry();
        s.error = failure;
        r.run.touch(step.id());
        if (policy.retries(s.attempt, failure.kind())) {
            Duration wait = policy.withJitter(policy.delayFor(s.attempt), random.nextDouble());
            s.retryAt = r.after(wait.toMillis());
            r.move(step.id(), StepEvent.RETRY_LATER, s.attempt, failure);
            r.timer(TimerKind.RETRY, s.retryAt, step.id(), s.attempt);
        } else {
            s.finishedAt = r.now;
            r.move(step.id(), StepEvent.FAIL, s.attempt, failure);
            settled(r, step, s, "failed");
            failRun(r, RunStatus.FAILED, new Failure(FailureKind.STEP_FAILED, "step " + step.id() + " failed: " + failure.message(),
                    failure.status(), step.id()));
        }
    }

    private void timerFired(Round r, Input.TimerFired t) {
        if (t.kind() == TimerKind.DEADLINE) {
            if (r.run.status() == RunStatus.RUNNING) {
                failRun(r, RunStatus.FAILED, Failure.of(FailureKind.DEADLINE, "the run did not finish within its deadline of "
                        + r.workflow.definition().deadline()));
            }
            return;
        }
        if (t.kind() == TimerKind.NOTIFY) {
            r.effect(new Effect.EmitCompletion());
            return;
        }
        StepState s = r.step(t.step());
        CompiledWorkflow.Step step = r.workflow.step(t.step());
        boolean current = s.status() == StepStatus.RUNNING && s.attempt == t.attempt();
        switch (t.kind()) {
            case STEP_TIMEOUT -> {
                if (current) {
                    r.effect(new Effect.CancelCall(t.step(), false));
                    answered(r, new Input.CallAnswered(t.step(), t.attempt(), false,
                            CallOutcome.failure(FailureKind.TIMEOUT, "no answer within " + timeout(step), null, 0), 0));
                }
            }
            case REDISPATCH -> {
                if (current) {
                    call(r, step, t.attempt(), inputOrNull(r, step), true);
                }
            }
            case RETRY -> {
                // advance() starts the next attempt now that retryAt has passed (when a slot is free)
            }
            default -> compensations.timerFired(r, step, s, t);
        }
    }

    // ---- deciding what follows -----------------------------------------------------------------------------------------

    private void advance(Round r) {
        boolean progressed = true;
        while (progressed && r.run.status() == RunStatus.RUNNING) {
            progressed = false;
            boolean allDone = true;
            for (CompiledWorkflow.Step step : r.workflow.steps()) {
                StepState s = r.step(step.id());
                if (s.status() == StepStatus.SUCCEEDED || s.status() == StepStatus.SKIPPED) {
                    continue;
                }
                allDone = false;
                if (s.status() == StepStatus.PENDING) {
                    Readiness readiness = Readiness.of(r.run, step);
                    if (readiness == Readiness.SKIP) {
                        skip(r, step, "none of its dependencies succeeded");
                        progressed = true;
                    } else if (readiness == Readiness.READY) {
                        r.decision.ready(step.id());
                        if (!r.slotFree(settings.maxParallelPerRun())) {
                            r.decision.starved();
                            continue;
                        }
                        if (!startFirstAttempt(r, step)) {
                            return;
                        }
                        progressed = true;
                    }
                } else if (s.status() == StepStatus.WAITING_RETRY && s.retryAt <= r.now) {
                    if (!r.slotFree(settings.maxParallelPerRun())) {
                        r.decision.starved();
                        continue;
                    }
                    JsonNode input = evaluateInput(r, step);
                    if (input == null) {
                        return;
                    }
                    startAttempt(r, step, s.attempt + 1, input, StepEvent.RETRY_NOW);
                }
            }
            if (allDone) {
                succeed(r);
                return;
            }
        }
    }

    /** Evaluates {@code when} and the input and starts attempt 1; false when the run failed instead. */
    private boolean startFirstAttempt(Round r, CompiledWorkflow.Step step) {
        if (step.when() != null) {
            JsonNode condition;
            try {
                condition = r.evaluate(step.when());
            } catch (Exception e) {
                inputFailed(r, step, "its when condition failed: " + e.getMessage());
                return false;
            }
            if (condition.isNull() || (condition.isBoolean() && !condition.booleanValue())) {
                skip(r, step, "its when condition is false");
                return true;
            }
        }
        JsonNode input = evaluateInput(r, step);
        if (input == null) {
            return false;
        }
        startAttempt(r, step, 1, input, StepEvent.START);
        return true;
    }

    /** The step's input, or null after failing the step (and the run) when its expression fails. */
    private JsonNode evaluateInput(Round r, CompiledWorkflow.Step step) {
        try {
            return r.evaluate(step.input());
        } catch (Exception e) {
            inputFailed(r, step, "its input expression failed: " + e.getMessage());
            return null;
        }
    }

    /** The input of an attempt sent again: as it was built (the scope is the same), or null if it no longer builds. */
    private static JsonNode inputOrNull(Round r, CompiledWorkflow.Step step) {
        try {
            return r.evaluate(step.input());
        } catch (Exception e) {
            return null;
        }
    }

    private void inputFailed(Round r, CompiledWorkflow.Step step, String message) {
        StepState s = r.step(step.id());
        Failure failure = Failure.of(FailureKind.INPUT, message);
        s.error = failure;
        s.finishedAt = r.now;
        r.move(step.id(), StepEvent.INPUT_FAILED, s.attempt, failure);
        failRun(r, RunStatus.FAILED, new Failure(FailureKind.STEP_FAILED, "step " + step.id() + " failed: " + message, null, step.id()));
    }

    private static void skip(Round r, CompiledWorkflow.Step step, String why) {
        r.step(step.id()).finishedAt = r.now;
        r.move(step.id(), StepEvent.SKIP, null, Failure.of(FailureKind.SKIPPED, why));
    }

    private void startAttempt(Round r, CompiledWorkflow.Step step, int attempt, JsonNode input, StepEvent event) {
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
    private static void call(Round r, CompiledWorkflow.Step step, int attempt, JsonNode input, boolean again) {
        Duration timeout = timeout(step);
        r.effect(new Effect.StartCall(step.id(), step.definition().function(), attempt, input, timeout, again));
        r.timer(TimerKind.STEP_TIMEOUT, r.after(timeout.toMillis()), step.id(), attempt);
    }

    private void succeed(Round r) {
        JsonNode output;
        try {
            output = r.evaluate(r.workflow.output());
        } catch (Exception e) {
            failRun(r, RunStatus.FAILED, Failure.of(FailureKind.OUTPUT, "the output expression failed: " + e.getMessage()));
            return;
        }
        r.run.setOutput(output);
        finish(r, RunEvent.COMPLETE, null);
    }

    /** The run fails or is cancelled: what is in flight is abandoned, then completed steps are compensated. */
    void failRun(Round r, RunStatus outcome, Failure failure) {
        r.run.setOutcome(outcome, failure);
        boolean compensate = false;
        for (CompiledWorkflow.Step step : r.workflow.steps()) {
            StepState s = r.step(step.id());
            StepStatus before = s.status();
            if (before == StepStatus.RUNNING || before == StepStatus.WAITING_RETRY || before == StepStatus.PENDING) {
                if (before == StepStatus.RUNNING) {
                    r.effect(new Effect.CancelCall(step.id(), false));
                }
                s.finishedAt = r.now;
                s.retryAt = null;
                r.move(step.id(), StepEvent.RUN_ENDED, before == StepStatus.PENDING ? null : s.attempt, null);
            }
            compensate |= s.status() == StepStatus.SUCCEEDED && step.definition().compensation() != null;
        }
        if (compensate) {
            r.move(RunEvent.UNDO, failure);
        } else {
            finish(r, outcome == RunStatus.CANCELLED ? RunEvent.CANCEL : RunEvent.FAIL, r.run.error());
        }
    }

    /** The run reaches its final status: announced, or retired at once when no completion events are sent. */
    void finish(Round r, RunEvent event, Failure failure) {
        r.move(event, failure);
        r.decision.finished(r.run.status());
        r.effect(settings.completionsEnabled() ? new Effect.EmitCompletion() : new Effect.Retire());
    }

    private static void settled(Round r, CompiledWorkflow.Step step, StepState s, String outcome) {
        r.decision.settled(new Decision.Settled(step.id(), step.definition().function(), outcome, r.now - s.startedAt, s.attempt));
    }

    static Duration timeout(CompiledWorkflow.Step step) {
        Duration t = step.definition().timeout();
        return t == null ? DEFAULT_TIMEOUT : t;
    }
}
