package dev.agentfleet.coordinator.engine.core;

import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.RetryPolicy;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * How a compensating run undoes its completed steps: one at a time, the most recently completed first, each by its
 * compensation function, retried on any transient failure ({@link #RETRY}); a compensation that keeps failing is
 * recorded and the next one runs. When none is left, the run ends with the outcome that started the compensation.
 */
final class Compensations {

    /** Compensations are retried on any transient failure: three attempts, 1 s then 2 s apart. */
    static final RetryPolicy RETRY = new RetryPolicy(3, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(10), 2.0,
            0.2, FailureKind.RETRYABLE);

    private final RunCore core;
    private final RandomGenerator random;

    Compensations(RunCore core, RandomGenerator random) {
        this.core = core;
        this.random = random;
    }

    /** Starts the next compensation, or ends the run when none is left. */
    void next(Round r) {
        while (r.run.status() == RunStatus.COMPENSATING) {
            CompiledWorkflow.Step next = null;
            int latest = -1;
            for (CompiledWorkflow.Step step : r.workflow.steps()) {
                StepState s = r.step(step.id());
                if (s.status() == StepStatus.COMPENSATING) {
                    return; // one at a time, newest first
                }
                if (s.status() == StepStatus.SUCCEEDED && step.definition().compensation() != null && s.completedSeq > latest) {
                    next = step;
                    latest = s.completedSeq;
                }
            }
            if (next == null) {
                core.finish(r, r.run.outcome() == RunStatus.CANCELLED ? RunEvent.CANCEL : RunEvent.FAIL, r.run.error());
                return;
            }
            r.move(next.id(), StepEvent.COMPENSATE, null, null);
            StepState s = r.step(next.id());
            if (s.compensationAttempt > 0) {
                s.compensationBase = s.compensationAttempt; // undone before a redrive: numbers go on, retries count afresh
            }
            start(r, next, s.compensationAttempt + 1); // when its input fails to build, it has failed already: on to the next
        }
    }

    /** A run read back while compensating: the retry timer again, or the attempt in flight sent again. */
    void resume(Round r, CompiledWorkflow.Step step, StepState s) {
        if (s.compensationRetryAt != null) {
            r.timer(TimerKind.COMPENSATION_RETRY, s.compensationRetryAt, step.id(), s.compensationAttempt);
        } else {
            call(r, step, s.compensationAttempt);
        }
    }

    void answered(Round r, Input.CallAnswered a) {
        StepState s = r.step(a.step());
        if (s.status() != StepStatus.COMPENSATING || s.compensationAttempt != a.attempt() || s.compensationRetryAt != null) {
            return;
        }
        CallOutcome outcome = a.outcome();
        if (!outcome.succeeded() && outcome.failure().kind() == FailureKind.IN_FLIGHT) {
            r.timer(TimerKind.COMPENSATION_REDISPATCH, r.after(outcome.retryAfterMs()), a.step(), a.attempt());
            return;
        }
        r.run.touch(a.step());
        if (outcome.succeeded()) {
            s.compensationError = null;
            r.move(a.step(), StepEvent.COMPENSATION_SUCCEED, a.attempt(), null);
        } else if (RETRY.retries(a.attempt() - base(s), outcome.failure().kind())) {
            s.compensationError = outcome.failure();
            s.compensationRetryAt = r.after(RETRY.withJitter(RETRY.delayFor(a.attempt() - base(s)), random.nextDouble()).toMillis());
            r.timer(TimerKind.COMPENSATION_RETRY, s.compensationRetryAt, a.step(), a.attempt());
        } else {
            s.compensationError = outcome.failure();
            r.move(a.step(), StepEvent.COMPENSATION_FAIL, a.attempt(), outcome.failure());
        }
    }

    void timerFired(Round r, CompiledWorkflow.Step step, StepState s, Input.TimerFired t) {
        boolean current = s.status() == StepStatus.COMPENSATING && s.compensationAttempt == t.attempt();
        switch (t.kind()) {
            case COMPENSATION_TIMEOUT -> {
                if (current && s.compensationRetryAt == null) {
                    r.effect(new Effect.CancelCall(t.step(), true));
                    answered(r, new Input.CallAnswered(t.step(), t.attempt(), true,
                            CallOutcome.failure(FailureKind.TIMEOUT, "no answer within " + RunCore.timeout(step), null, 0), 0));
                }
            }
            case COMPENSATION_RETRY -> {
                if (current) {
                    start(r, step, t.attempt() + 1);
                }
            }
            case COMPENSATION_REDISPATCH -> {
                if (current) {
                    call(r, step, t.attempt());
                }
            }
            default -> throw new IllegalArgumentException("not a compensation timer: " + t.kind());
        }
    }

    private static int base(StepState s) {
        return s.compensationBase == null ? 0 : s.compensationBase;
    }

    private void start(Round r, CompiledWorkflow.Step step, int attempt) {
        StepState s = r.step(step.id());
        s.compensationAttempt = attempt;
        s.compensationRetryAt = null;
        r.run.touch(step.id());
        call(r, step, attempt);
    }

    /** The compensation attempt's call, or its failure at once when its input expression fails (never retried). */
    private void call(Round r, CompiledWorkflow.Step step, int attempt) {
        JsonNode input;
        try {
            input = r.evaluate(step.compensationInput());
        } catch (Exception e) {
            answered(r, new Input.CallAnswered(step.id(), attempt, true, CallOutcome.failure(FailureKind.REJECTED,
                    "the compensation input failed: " + e.getMessage(), null, 0), 0));
            return;
        }
        r.effect(new Effect.StartCompensation(step.id(), step.definition().compensation().function(), attempt, input,
                RunCore.timeout(step)));
        r.timer(TimerKind.COMPENSATION_TIMEOUT, r.after(RunCore.timeout(step).toMillis()), step.id(), attempt);
    }
}
