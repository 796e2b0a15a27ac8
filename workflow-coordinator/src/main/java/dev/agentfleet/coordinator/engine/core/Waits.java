package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.StepDefinition;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.Signal;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * The steps that call no function: {@code wait} (for a named signal, until its timeout) and {@code sleep} (until a
 * time). Reaching one moves it to WAITING or SLEEPING with its {@code wakeAt} and a {@link TimerKind#WAKE} timer; what
 * ends it (the signal kept in the run's {@link dev.agentfleet.coordinator.run.Controls}, or {@code wakeAt} passing) is
 * checked each round the run advances, so a signal that came first, a timer rebuilt after a takeover and a run resumed
 * after a pause all end it the same way. Nothing ends while the run is paused: only RUNNING runs advance.
 */
final class Waits {

    /** A sleep may not end further away than this (a deadline, when the workflow has one, ends it sooner). */
    static final Duration MAX_SLEEP = Duration.ofDays(7);

    private final RunCore core;

    Waits(RunCore core) {
        this.core = core;
    }

    /** The step's condition held: it starts waiting or sleeping. False when the run failed instead (its {@code until}). */
    boolean reach(Round r, CompiledWorkflow.Step step) {
        StepState s = r.step(step.id());
        StepDefinition d = step.definition();
        s.startedAt = r.now;
        if (d.awaiting() != null) {
            s.wakeAt = r.after(d.awaiting().timeout().toMillis());
            r.move(step.id(), StepEvent.AWAIT, null, null);
        } else {
            Long wakeAt = wakeAt(r, step);
            if (wakeAt == null) {
                return false;
            }
            s.wakeAt = wakeAt;
            r.move(step.id(), StepEvent.SLEEP, null, null);
        }
        r.timer(TimerKind.WAKE, s.wakeAt, step.id(), 0);
        return true;
    }

    /** A run read back: the timer of a step waiting or sleeping again. */
    void resume(Round r, CompiledWorkflow.Step step, StepState s) {
        r.timer(TimerKind.WAKE, s.wakeAt, step.id(), 0);
    }

    /**
     * Ends a waiting or sleeping step if its time has come or (waiting) its signal is there. True when it moved; the run
     * may have failed (a wait that timed out without a default).
     */
    boolean settle(Round r, CompiledWorkflow.Step step, StepState s) {
        if (s.status() == StepStatus.SLEEPING) {
            if (s.wakeAt > r.now) {
                return false;
            }
            done(r, step, s, null);
            r.move(step.id(), StepEvent.WAKE, null, null);
            return true;
        }
        StepDefinition.Wait wait = step.definition().awaiting();
        Signal signal = r.run.controls().signal(wait.signal());
        if (signal != null) {
            done(r, step, s, signal.payload());
            s.signalId = signal.id();
            s.signalledBy = signal.by();
            r.move(step.id(), StepEvent.SIGNAL, null, null, signal.by());
            return true;
        }
        if (s.wakeAt > r.now) {
            return false;
        }
        if (wait.orElse() != null) {
            done(r, step, s, wait.orElse());
            r.move(step.id(), StepEvent.DEFAULT, null, Failure.of(FailureKind.TIMEOUT, "no signal " + wait.signal() + " within "
                    + wait.timeout() + "; went on with the default"));
            return true;
        }
        Failure failure = Failure.of(FailureKind.TIMEOUT, "no signal " + wait.signal() + " within " + wait.timeout());
        s.error = failure;
        s.finishedAt = r.now;
        r.move(step.id(), StepEvent.TIME_OUT, null, failure);
        core.failRun(r, RunStatus.FAILED, new Failure(FailureKind.STEP_FAILED, "step " + step.id() + " failed: " + failure.message(),
                null, step.id()));
        return true;
    }

    private static void done(Round r, CompiledWorkflow.Step step, StepState s, JsonNode output) {
        s.output = output;
        s.finishedAt = r.now;
        s.wakeAt = null;
        s.completedSeq = r.run.nextCompletion();
    }

    /** When a sleep ends: its duration from now, or its {@code until}; null after failing the step when that fails. */
    private Long wakeAt(Round r, CompiledWorkflow.Step step) {
        StepDefinition.Sleep sleep = step.definition().sleep();
        if (sleep.duration() != null) {
            return r.after(sleep.duration().toMillis());
        }
        JsonNode until;
        try {
            until = r.evaluate(step.until());
        } catch (Exception e) {
            core.inputFailed(r, step, "its until expression failed: " + e.getMessage());
            return null;
        }
        Long at = null;
        if (until.isIntegralNumber() && until.canConvertToLong()) {
            at = until.longValue();
        } else if (until.isTextual()) {
            try {
                at = Instant.parse(until.asText()).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                at = null;
            }
        }
        if (at == null) {
            core.inputFailed(r, step, "its until expression must give epoch milliseconds or an ISO-8601 instant, gave "
                    + abbreviated(until));
            return null;
        }
        if (at > r.after(MAX_SLEEP.toMillis())) {
            core.inputFailed(r, step, "its until expression gave " + Instant.ofEpochMilli(at) + ", more than " + MAX_SLEEP.toDays()
                    + " days away");
            return null;
        }
        return Math.max(at, r.now);
    }

    private static String abbreviated(JsonNode value) {
        String text = value.toString();
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
