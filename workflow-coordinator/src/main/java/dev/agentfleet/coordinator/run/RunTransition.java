package dev.agentfleet.coordinator.run;

import static dev.agentfleet.coordinator.run.RunStatus.CANCELLED;
import static dev.agentfleet.coordinator.run.RunStatus.COMPENSATING;
import static dev.agentfleet.coordinator.run.RunStatus.FAILED;
import static dev.agentfleet.coordinator.run.RunStatus.PAUSED;
import static dev.agentfleet.coordinator.run.RunStatus.RUNNING;
import static dev.agentfleet.coordinator.run.RunStatus.SUCCEEDED;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The run state machine as a table: {@code (from, event) -> to}, {@code from} null for a run being created. A run's
 * status changes only through {@link Run#move(RunEvent)} (and {@link Run#start}), which look the move up here.
 */
public enum RunTransition implements Transition {
    RUN_STARTED(null, RunEvent.START, RUNNING),
    /** Recorded by whoever took the request; the status stays until the owner acts on it. */
    CANCEL_REQUESTED(RUNNING, RunEvent.REQUEST_CANCEL, RUNNING),
    PAUSED_CANCEL_REQUESTED(PAUSED, RunEvent.REQUEST_CANCEL, PAUSED),
    /** Recorded by whoever took the request, like a cancellation. */
    PAUSE_REQUESTED(RUNNING, RunEvent.REQUEST_PAUSE, RUNNING),
    /** A resume asked for before the owner paused the run: the pause request is withdrawn. */
    PAUSE_WITHDRAWN(RUNNING, RunEvent.REQUEST_RESUME, RUNNING),
    RESUME_REQUESTED(PAUSED, RunEvent.REQUEST_RESUME, PAUSED),
    SIGNAL_RECEIVED(RUNNING, RunEvent.RECEIVE_SIGNAL, RUNNING),
    PAUSED_SIGNAL_RECEIVED(PAUSED, RunEvent.RECEIVE_SIGNAL, PAUSED),
    RUN_PAUSED(RUNNING, RunEvent.PAUSE, PAUSED),
    RUN_RESUMED(PAUSED, RunEvent.RESUME, RUNNING),
    RUN_SUCCEEDED(RUNNING, RunEvent.COMPLETE, SUCCEEDED),
    RUN_COMPENSATING(RUNNING, RunEvent.UNDO, COMPENSATING),
    RUN_FAILED(RUNNING, RunEvent.FAIL, FAILED),
    RUN_CANCELLED(RUNNING, RunEvent.CANCEL, CANCELLED),
    /** Paused, it still fails (a call in flight failed for good, its deadline passed) or is cancelled. */
    PAUSED_RUN_COMPENSATING(PAUSED, RunEvent.UNDO, COMPENSATING),
    PAUSED_RUN_FAILED(PAUSED, RunEvent.FAIL, FAILED),
    PAUSED_RUN_CANCELLED(PAUSED, RunEvent.CANCEL, CANCELLED),
    /** Recorded by whoever took the request; the owner redrives the run when it reads it. */
    REDRIVE_REQUESTED(FAILED, RunEvent.REQUEST_REDRIVE, FAILED),
    CANCELLED_REDRIVE_REQUESTED(CANCELLED, RunEvent.REQUEST_REDRIVE, CANCELLED),
    RUN_REDRIVEN(FAILED, RunEvent.REDRIVE, RUNNING),
    CANCELLED_RUN_REDRIVEN(CANCELLED, RunEvent.REDRIVE, RUNNING),
    RUN_COMPENSATED_FAILED(COMPENSATING, RunEvent.FAIL, FAILED),
    RUN_COMPENSATED_CANCELLED(COMPENSATING, RunEvent.CANCEL, CANCELLED);

    private static final Map<RunStatus, Map<RunEvent, RunTransition>> TABLE = new HashMap<>();

    static {
        for (RunTransition t : values()) {
            if (TABLE.computeIfAbsent(t.from, s -> new EnumMap<>(RunEvent.class)).put(t.event, t) != null) {
                throw new ExceptionInInitializerError("two run transitions from " + t.from + " on " + t.event);
            }
        }
    }

    private final RunStatus from;
    private final RunEvent event;
    private final RunStatus to;
    private final String tag;

    RunTransition(RunStatus from, RunEvent event, RunStatus to) {
        this.from = from;
        this.event = event;
        this.to = to;
        this.tag = Transition.tagOf(this);
    }

    /** The move {@code event} makes from {@code from} (null: not created yet); fails loudly if the table has none. */
    public static RunTransition of(RunStatus from, RunEvent event) {
        RunTransition t = TABLE.getOrDefault(from, Map.of()).get(event);
        if (t == null) {
            throw new IllegalTransitionException("a run cannot move from " + from + " on " + event);
        }
        return t;
    }

    /** Null for {@link #RUN_STARTED}. */
    public RunStatus from() {
        return from;
    }

    public RunEvent event() {
        return event;
    }

    public RunStatus to() {
        return to;
    }

    @Override
    public String tag() {
        return tag;
    }
}
