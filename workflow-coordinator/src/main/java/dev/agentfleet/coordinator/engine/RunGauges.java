package dev.agentfleet.coordinator.engine;

import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * How many of the runs this replica drives wait for a person's signal, and how many are paused: counted as each run's
 * round is decided (one pass over its steps, as deciding makes anyway), kept per run in {@link LiveRun} so a run that
 * leaves is taken off. Written on the loop only; read by the metrics.
 */
final class RunGauges {

    private volatile int waiting;
    private volatile int paused;

    RunGauges(EngineMetrics metrics) {
        metrics.steeredRuns(() -> waiting, () -> paused);
    }

    /** After a round: counts the run as it now is. */
    void update(LiveRun live) {
        Run run = live.state.run();
        set(live, run.steps().values().stream().anyMatch(s -> s.status() == StepStatus.WAITING), run.status() == RunStatus.PAUSED);
    }

    /** The run is no longer driven here. */
    void forget(LiveRun live) {
        set(live, false, false);
    }

    private void set(LiveRun live, boolean isWaiting, boolean isPaused) {
        if (isWaiting != live.waiting) {
            live.waiting = isWaiting;
            waiting += isWaiting ? 1 : -1;
        }
        if (isPaused != live.paused) {
            live.paused = isPaused;
            paused += isPaused ? 1 : -1;
        }
    }
}
