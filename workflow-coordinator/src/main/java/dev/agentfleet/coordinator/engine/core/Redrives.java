package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.run.Controls;
import dev.agentfleet.coordinator.run.MapItems;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * Continuing a run that failed or was cancelled, as an admin asked ({@code run_redrive}): the run moves back to RUNNING
 * under the definition it is pinned to, with a fresh deadline. Succeeded steps keep their outputs; failed, cancelled,
 * skipped and compensated (undone) ones go back to PENDING and run again, their attempt numbers going on from the last
 * (new delivery keys, so the functions do not answer them from an earlier attempt) while their retry policy counts
 * afresh. A step whose compensation failed blocks a redrive: the request script refuses it, since what that step did
 * may be half undone. The next compensation of a step numbers its attempts on in the same way.
 */
final class Redrives {

    private static final Set<StepStatus> AGAIN = EnumSet.of(StepStatus.FAILED, StepStatus.CANCELLED, StepStatus.SKIPPED,
            StepStatus.COMPENSATED);

    private Redrives() {
    }

    /** Whether a redrive was asked for that the run has not carried out yet. */
    static boolean pending(Round r) {
        RunStatus status = r.run.status();
        return (status == RunStatus.FAILED || status == RunStatus.CANCELLED) && r.run.controls().redrivesRequested() > r.run.redrives();
    }

    static void redrive(Round r) {
        Controls asked = r.run.controls();
        Duration deadline = r.workflow.definition().deadline();
        r.run.redriven(asked.redrivesRequested(), deadline == null ? null : r.after(deadline.toMillis()));
        r.move(RunEvent.REDRIVE, null, asked.redriveRequestedBy());
        for (CompiledWorkflow.Step step : r.workflow.steps()) {
            StepState s = r.step(step.id());
            if (!AGAIN.contains(s.status())) {
                continue;
            }
            if (s.status() == StepStatus.COMPENSATED) {
                s.output = null;
                s.completedSeq = null;
            }
            redriveItems(r, step.id(), s.status() == StepStatus.COMPENSATED);
            s.error = null;
            s.finishedAt = null;
            s.retryAt = null;
            s.wakeAt = null;
            s.startedAt = null;
            s.onFallback = null; // the primary is tried again first
            s.fellBackBecause = null;
            r.move(step.id(), StepEvent.REDRIVE, null, null);
        }
    }

    /**
     * A map step's items: after a failure, those that failed or were abandoned run again (those never started are still
     * PENDING; those that succeeded keep their outputs); after the step was undone, every item runs again.
     */
    private static void redriveItems(Round r, String stepId, boolean undone) {
        MapItems m = r.run.map(stepId);
        if (m == null) {
            return;
        }
        if (undone) {
            r.run.restartMap(stepId);
            return;
        }
        for (StepStatus again : List.of(StepStatus.FAILED, StepStatus.CANCELLED)) {
            for (int index : m.in(again)) {
                String address = MapItems.address(stepId, index);
                StepState item = r.step(address);
                item.error = null;
                item.finishedAt = null;
                item.retryAt = null;
                r.move(address, StepEvent.REDRIVE, null, null);
            }
        }
    }
}
