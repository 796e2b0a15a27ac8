package dev.agentfleet.coordinator.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * How many step calls this replica has in flight ({@code max-in-flight}), counted from the runs' RUNNING steps, and
 * the runs waiting for a slot to free. Loop only.
 */
final class Slots {

    private final int maxInFlight;
    private final ArrayDeque<LiveRun> starved = new ArrayDeque<>();
    private int inUse;

    Slots(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    int free() {
        return maxInFlight - inUse;
    }

    int inUse() {
        return inUse;
    }

    /** A run's count of calls in flight went from {@code before} to {@code after}. */
    void moved(int before, int after) {
        inUse += after - before;
    }

    void starve(LiveRun live) {
        if (!live.starved) {
            live.starved = true;
            starved.add(live);
        }
    }

    /** A run leaves this replica: its calls no longer count, it waits for nothing. */
    void release(LiveRun live) {
        inUse -= live.state.run().runningSteps();
        starved.remove(live);
        live.starved = false;
    }

    /** The starved runs to drive again now that slots are free (as many as there are free slots, at most). */
    List<LiveRun> wake() {
        List<LiveRun> woken = new ArrayList<>();
        while (free() > woken.size() && !starved.isEmpty()) {
            LiveRun live = starved.poll();
            live.starved = false;
            woken.add(live);
        }
        return woken;
    }

    boolean anyStarved() {
        return !starved.isEmpty();
    }
}
