package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.Jq;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.MapItems;
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
    private final Compensations compensations;
    private final Waits waits;
    private final Attempts attempts;
    private final Maps maps;

    public RunCore(Settings settings, RandomGenerator random) {
        this.settings = settings;
        this.compensations = new Compensations(this, random);
        this.waits = new Waits(this);
        this.attempts = new Attempts(this, waits, random);
        this.maps = new Maps(this, attempts, random);
    }

    /** The history entry of a run's creation (written with it by {@code run_start}). */
    public static HistoryEvent started(long now) {
        return HistoryEvent.of(now, RunTransition.RUN_STARTED, null, null, null);
    }

    /**
     * The history entry a request script writes when it takes a request for a run in {@code status}: {@code
     * run_request} (cancel, pause, resume) and {@code run_signal} for a RUNNING or PAUSED run, {@code run_redrive} for a
     * FAILED or CANCELLED one. Null when the table has no such move (the script refuses the request then).
     */
    public static HistoryEvent requested(long now, RunStatus status, RunEvent request, String by) {
        try {
            return HistoryEvent.of(now, RunTransition.of(status, request), null, null, null).by(by);
        } catch (dev.agentfleet.coordinator.run.IllegalTransitionException none) {
            return null;
        }
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
            case PAUSED -> {
                // nothing new starts; what is in flight was recorded above
            }
            case COMPENSATING -> compensations.next(round);
            default -> {
            }
        }
        return round.decision;
    }

    private void apply(Round r, Input input) {
        if (input instanceof Input.CallAnswered a) {
            if (MapItems.isItem(a.step())) {
                maps.answered(r, a);
            } else if (a.compensation()) {
                compensations.answered(r, a);
            } else {
                attempts.answered(r, a);
            }
        } else if (input instanceof Input.ChildLinked c) {
            StepState s = r.step(c.step());
            if (s.status() == StepStatus.RUNNING && s.attempt == c.attempt() && !c.child().equals(s.child)) {
                s.child = c.child();
                r.run.touch(c.step());
            }
        } else if (input instanceof Input.TimerFired t) {
            timerFired(r, t);
        } else if (input instanceof Input.Started) {
            deadline(r);
        } else if (input instanceof Input.TakenOver) {
            resume(r);
        } else if (input instanceof Input.ControlsChanged c) {
            r.run.controls(c.controls());
            controls(r);
        } else if (input instanceof Input.Notified) {
            r.run.setNotified();
            r.effect(new Effect.Retire());
        } else if (input instanceof Input.Failed f && !r.run.status().isFinal()) {
            if (f.asItStands()) {
                r.run.setOutcome(RunStatus.FAILED, f.failure());
                finish(r, RunEvent.FAIL, f.failure());
            } else if (goesOn(r)) {
                failRun(r, RunStatus.FAILED, f.failure());
            }
        }
    }

    /** RUNNING or PAUSED: the run may still fail, be cancelled, be paused or resumed. */
    private static boolean goesOn(Round r) {
        return r.run.status() == RunStatus.RUNNING || r.run.status() == RunStatus.PAUSED;
    }

    /** Carries out what was asked of the run: cancel it, pause it, resume it (signals are taken as it advances). */
    private void controls(Round r) {
        dev.agentfleet.coordinator.run.Controls asked = r.run.controls();
        if (Redrives.pending(r)) {
            Redrives.redrive(r);
            deadline(r);
        }
        if (!goesOn(r)) {
            return;
        }
        if (asked.cancelRequestedAt() != null) {
            failRun(r, RunStatus.CANCELLED, Failure.of(FailureKind.CANCELLED, "cancelled on request"));
        } else if (asked.pauseRequested() && r.run.status() == RunStatus.RUNNING) {
            r.move(RunEvent.PAUSE, null, asked.pauseRequestedBy());
        } else if (!asked.pauseRequested() && r.run.status() == RunStatus.PAUSED) {
            r.move(RunEvent.RESUME, null, asked.pauseRequestedBy());
        }
    }

    private void deadline(Round r) {
        if (r.run.deadlineAt() != null && goesOn(r)) {
            r.timer(TimerKind.DEADLINE, r.run.deadlineAt(), null, 0);
        }
    }

    /** A run read back from Redis: its timers again, and whatever was in flight sent again under the same keys. */
    private void resume(Round r) {
        if (r.run.status().isFinal() && !Redrives.pending(r)) {
            r.effect(r.run.notified() || !settings.completionsEnabled() ? new Effect.Retire() : new Effect.EmitCompletion());
            return;
        }
        deadline(r);
        for (CompiledWorkflow.Step step : r.workflow.steps()) {
            StepState s = r.step(step.id());
            switch (s.status()) {
                case RUNNING -> {
                    if (Maps.isMap(step)) {
                        maps.resume(r, step);
                    } else {
                        Attempts.call(r, step, s.attempt, Attempts.inputOrNull(r, step), true);
                    }
                }
                case WAITING_RETRY -> r.timer(TimerKind.RETRY, s.retryAt, step.id(), s.attempt);
                case WAITING, SLEEPING -> waits.resume(r, step, s);
                case COMPENSATING -> compensations.resume(r, step, s);
                default -> {
                }
            }
        }
        controls(r); // a request whose note to the owner was lost with a replica is in the hash all the same
    }

    /** The step failed for good, and the run with it. */
    void stepFailed(Round r, CompiledWorkflow.Step step, StepState s, Failure failure) {
        s.error = failure;
        s.finishedAt = r.now;
        r.move(step.id(), StepEvent.FAIL, s.attempt, failure);
        settled(r, step, s, "failed");
        failRun(r, RunStatus.FAILED, new Failure(FailureKind.STEP_FAILED, "step " + step.id() + " failed: " + failure.message(),
                failure.status(), step.id()));
    }

    int maxParallelPerRun() {
        return settings.maxParallelPerRun();
    }

    private void timerFired(Round r, Input.TimerFired t) {
        if (t.kind() == TimerKind.DEADLINE) {
            // a redrive sets a later deadline: the timer of the first one may still come due
            if (goesOn(r) && r.run.deadlineAt() != null && r.now >= r.run.deadlineAt()) {
                failRun(r, RunStatus.FAILED, Failure.of(FailureKind.DEADLINE, "the run did not finish within its deadline of "
                        + r.workflow.definition().deadline()));
            }
            return;
        }
        if (t.kind() == TimerKind.NOTIFY) {
            r.effect(new Effect.EmitCompletion());
            return;
        }
        if (MapItems.isItem(t.step())) {
            maps.timerFired(r, t);
            return;
        }
        StepState s = r.step(t.step());
        CompiledWorkflow.Step step = r.workflow.step(t.step());
        boolean current = s.status() == StepStatus.RUNNING && s.attempt == t.attempt();
        switch (t.kind()) {
            case STEP_TIMEOUT -> {
                if (current) {
                    r.effect(new Effect.CancelCall(t.step(), false));
                    attempts.answered(r, new Input.CallAnswered(t.step(), t.attempt(), false,
                            CallOutcome.failure(FailureKind.TIMEOUT, "no answer within " + timeout(step), null, 0), 0));
                }
            }
            case REDISPATCH -> {
                if (current) {
                    Attempts.call(r, step, t.attempt(), Attempts.inputOrNull(r, step), true);
                }
            }
            case RETRY, WAKE -> {
                // advance() starts the next attempt now that retryAt has passed (when a slot is free), or ends the
                // wait or sleep now that wakeAt has passed
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
                        Attempts.skip(r, step, "none of its dependencies succeeded");
                        progressed = true;
                    } else if (readiness == Readiness.READY && Maps.isMap(step)) {
                        if (!maps.start(r, step)) {
                            return;
                        }
                        progressed = true;
                    } else if (readiness == Readiness.READY && !step.definition().callsFunction()) {
                        if (!attempts.reachPause(r, step)) {
                            return;
                        }
                        progressed = true;
                    } else if (readiness == Readiness.READY) {
                        r.decision.ready(step.id());
                        if (!r.slotFree(settings.maxParallelPerRun())) {
                            r.decision.starved();
                            continue;
                        }
                        if (!attempts.startFirstAttempt(r, step)) {
                            return;
                        }
                        progressed = true;
                    }
                } else if (s.status() == StepStatus.WAITING_RETRY && s.retryAt <= r.now) {
                    if (!r.slotFree(settings.maxParallelPerRun())) {
                        r.decision.starved();
                        continue;
                    }
                    JsonNode input = attempts.evaluateInput(r, step);
                    if (input == null) {
                        return;
                    }
                    attempts.startAttempt(r, step, s.attempt + 1, input, StepEvent.RETRY_NOW);
                } else if (s.status() == StepStatus.RUNNING && Maps.isMap(step)) {
                    progressed |= maps.progress(r, step);
                } else if (s.status() == StepStatus.WAITING || s.status() == StepStatus.SLEEPING) {
                    progressed |= waits.settle(r, step, s);
                }
            }
            if (allDone) {
                succeed(r);
                return;
            }
        }
    }

    void inputFailed(Round r, CompiledWorkflow.Step step, String message) {
        StepState s = r.step(step.id());
        Failure failure = Failure.of(FailureKind.INPUT, message);
        s.error = failure;
        s.finishedAt = r.now;
        r.move(step.id(), StepEvent.INPUT_FAILED, s.attempt, failure);
        failRun(r, RunStatus.FAILED, new Failure(FailureKind.STEP_FAILED, "step " + step.id() + " failed: " + message, null, step.id()));
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
            if (!before.isSettled()) {
                if (Maps.isMap(step)) {
                    Maps.abandon(r, step);
                } else if (before == StepStatus.RUNNING) {
                    r.effect(new Effect.CancelCall(step.id(), false));
                }
                s.finishedAt = r.now;
                s.retryAt = null;
                s.wakeAt = null;
                r.move(step.id(), StepEvent.RUN_ENDED, before == StepStatus.RUNNING || before == StepStatus.WAITING_RETRY ? s.attempt : null,
                        null);
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

    static void settled(Round r, CompiledWorkflow.Step step, StepState s, String outcome) {
        r.decision.settled(new Decision.Settled(step.id(), step.function(s.onFallback()), outcome, r.now - s.startedAt, s.attempt));
    }

    static Duration timeout(CompiledWorkflow.Step step) {
        Duration t = step.definition().timeout();
        return t == null ? DEFAULT_TIMEOUT : t;
    }
}
