package dev.agentfleet.coordinator.run;

import static dev.agentfleet.coordinator.run.StepStatus.CANCELLED;
import static dev.agentfleet.coordinator.run.StepStatus.COMPENSATED;
import static dev.agentfleet.coordinator.run.StepStatus.COMPENSATING;
import static dev.agentfleet.coordinator.run.StepStatus.COMPENSATION_FAILED;
import static dev.agentfleet.coordinator.run.StepStatus.FAILED;
import static dev.agentfleet.coordinator.run.StepStatus.PENDING;
import static dev.agentfleet.coordinator.run.StepStatus.RUNNING;
import static dev.agentfleet.coordinator.run.StepStatus.SKIPPED;
import static dev.agentfleet.coordinator.run.StepStatus.SLEEPING;
import static dev.agentfleet.coordinator.run.StepStatus.SUCCEEDED;
import static dev.agentfleet.coordinator.run.StepStatus.WAITING;
import static dev.agentfleet.coordinator.run.StepStatus.WAITING_RETRY;

import java.util.EnumMap;
import java.util.Map;

/**
 * The step state machine as a table: every move a step can make, {@code (from, event) -> to}. A step's status changes
 * only through {@link Run#move(String, StepEvent)}, which looks the move up here and fails loudly on one the table does
 * not have. The state diagram in {@code docs/state-machine.md} is generated from this table.
 */
public enum StepTransition implements Transition {
    STEP_STARTED(PENDING, StepEvent.START, RUNNING),
    STEP_SKIPPED(PENDING, StepEvent.SKIP, SKIPPED),
    /** Its input or {@code when} expression failed at run time (jq error): nothing to retry. */
    STEP_INPUT_FAILED(PENDING, StepEvent.INPUT_FAILED, FAILED),
    STEP_NOT_REACHED(PENDING, StepEvent.RUN_ENDED, CANCELLED),
    STEP_SUCCEEDED(RUNNING, StepEvent.SUCCEED, SUCCEEDED),
    STEP_RETRY_SCHEDULED(RUNNING, StepEvent.RETRY_LATER, WAITING_RETRY),
    STEP_FAILED(RUNNING, StepEvent.FAIL, FAILED),
    STEP_ABANDONED(RUNNING, StepEvent.RUN_ENDED, CANCELLED),
    /** The next attempt, at once, calls the step's fallback function instead of the primary. */
    STEP_FELL_BACK(RUNNING, StepEvent.FALL_BACK, RUNNING),
    /** The fallback's input failed to build (jq error) when the step fell back. */
    STEP_FALLBACK_INPUT_FAILED(RUNNING, StepEvent.INPUT_FAILED, FAILED),
    STEP_RETRIED(WAITING_RETRY, StepEvent.RETRY_NOW, RUNNING),
    /** The next attempt's input failed to build (jq error) when the backoff was over. */
    STEP_RETRY_INPUT_FAILED(WAITING_RETRY, StepEvent.INPUT_FAILED, FAILED),
    STEP_RETRY_ABANDONED(WAITING_RETRY, StepEvent.RUN_ENDED, CANCELLED),
    /** A {@code wait} step is reached; a signal that came earlier moves it on in the same round. */
    STEP_WAITING(PENDING, StepEvent.AWAIT, WAITING),
    STEP_SIGNALLED(WAITING, StepEvent.SIGNAL, SUCCEEDED),
    STEP_WAIT_TIMED_OUT(WAITING, StepEvent.TIME_OUT, FAILED),
    STEP_WAIT_DEFAULTED(WAITING, StepEvent.DEFAULT, SUCCEEDED),
    STEP_WAIT_ABANDONED(WAITING, StepEvent.RUN_ENDED, CANCELLED),
    STEP_SLEEPING(PENDING, StepEvent.SLEEP, SLEEPING),
    STEP_WOKE(SLEEPING, StepEvent.WAKE, SUCCEEDED),
    STEP_SLEEP_ABANDONED(SLEEPING, StepEvent.RUN_ENDED, CANCELLED),
    /** A redrive: what did not stand runs again (a succeeded step keeps its output; a failed compensation blocks it). */
    STEP_REDRIVEN(FAILED, StepEvent.REDRIVE, PENDING),
    CANCELLED_STEP_REDRIVEN(CANCELLED, StepEvent.REDRIVE, PENDING),
    SKIPPED_STEP_REDRIVEN(SKIPPED, StepEvent.REDRIVE, PENDING),
    COMPENSATED_STEP_REDRIVEN(COMPENSATED, StepEvent.REDRIVE, PENDING),
    STEP_COMPENSATION_STARTED(SUCCEEDED, StepEvent.COMPENSATE, COMPENSATING),
    STEP_COMPENSATED(COMPENSATING, StepEvent.COMPENSATION_SUCCEED, COMPENSATED),
    STEP_COMPENSATION_FAILED(COMPENSATING, StepEvent.COMPENSATION_FAIL, COMPENSATION_FAILED);

    private static final Map<StepStatus, Map<StepEvent, StepTransition>> TABLE = new EnumMap<>(StepStatus.class);

    static {
        for (StepTransition t : values()) {
            if (TABLE.computeIfAbsent(t.from, s -> new EnumMap<>(StepEvent.class)).put(t.event, t) != null) {
                throw new ExceptionInInitializerError("two step transitions from " + t.from + " on " + t.event);
            }
        }
    }

    private final StepStatus from;
    private final StepEvent event;
    private final StepStatus to;
    private final String tag;
    private final boolean movesSettledStep;

    StepTransition(StepStatus from, StepEvent event, StepStatus to) {
        this.from = from;
        this.event = event;
        this.to = to;
        this.tag = Transition.tagOf(this);
        this.movesSettledStep = from.isSettled() || to.isSettled();
    }

    /** The move {@code event} makes from {@code from}; an {@link IllegalTransitionException} if the table has none. */
    public static StepTransition of(StepStatus from, StepEvent event) {
        StepTransition t = TABLE.getOrDefault(from, Map.of()).get(event);
        if (t == null) {
            throw new IllegalTransitionException("a step cannot move from " + from + " on " + event);
        }
        return t;
    }

    public StepStatus from() {
        return from;
    }

    public StepEvent event() {
        return event;
    }

    public StepStatus to() {
        return to;
    }

    @Override
    public String tag() {
        return tag;
    }

    /** Whether the step enters or leaves a settled state: what jq expressions see of the run changes. */
    public boolean movesSettledStep() {
        return movesSettledStep;
    }
}
