package dev.agentfleet.coordinator.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import dev.agentfleet.coordinator.engine.core.Effect;
import dev.agentfleet.coordinator.engine.core.Input;

/**
 * The moments runs wait for, in memory (their durable side is in the runs' state, so a replica that takes a run over
 * rebuilds them). A timer names its run (id and the {@link LiveRun#generation} it was set for) rather than holding it:
 * most timers outlive their purpose (an attempt answered long before its timeout) and must not keep finished runs in
 * memory. Loop only.
 */
final class Timers {

    private record Due(long due, String runId, long generation, Input.TimerFired input) {
    }

    /** A timer that came due, for the run it was set for. */
    record Fired(String runId, long generation, Input.TimerFired input) {
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>(Comparator.comparingLong(Due::due));

    void schedule(LiveRun live, Effect.ScheduleTimer timer) {
        queue.add(new Due(timer.due(), live.id(), live.generation,
                new Input.TimerFired(timer.kind(), timer.step(), timer.attempt())));
    }

    /** Takes every timer due at {@code now}. */
    List<Fired> due(long now) {
        if (queue.isEmpty() || queue.peek().due() > now) {
            return List.of();
        }
        List<Fired> fired = new ArrayList<>();
        while (!queue.isEmpty() && queue.peek().due() <= now) {
            Due d = queue.poll();
            fired.add(new Fired(d.runId(), d.generation(), d.input()));
        }
        return fired;
    }

    int size() {
        return queue.size();
    }
}
