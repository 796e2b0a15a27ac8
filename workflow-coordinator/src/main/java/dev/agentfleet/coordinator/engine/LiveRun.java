package dev.agentfleet.coordinator.engine;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.agentfleet.coordinator.engine.core.Input;
import dev.agentfleet.coordinator.engine.core.RunState;
import dev.agentfleet.coordinator.invoke.FunctionInvoker;

/**
 * A run this replica drives: its {@link RunState} plus what exists only while it is driven here (inputs waiting for
 * the next round, whether a commit is in flight, its calls in flight, the overhead bookkeeping). Loop only.
 */
final class LiveRun {

    private static final AtomicLong GENERATIONS = new AtomicLong();

    final RunState state;
    final int partition;
    /** Tells this in-memory incarnation of the run from a later one (after a reload), for its timers. */
    final long generation = GENERATIONS.incrementAndGet();

    /** Answers, timers and requests not yet applied: applied together, then committed together (group commit). */
    final ArrayDeque<Input> inputs = new ArrayDeque<>();
    /** Calls in flight by step ({@code compensate:<step>} for a compensation's). */
    final Map<String, FunctionInvoker.Call> calls = new HashMap<>();
    /** Overhead bookkeeping per step (System.nanoTime): when it became ready, the time spent before its call left. */
    final Map<String, Long> readyAt = new HashMap<>();
    final Map<String, Long> overhead = new HashMap<>();

    boolean committing;
    /** No longer driven here (finished, partition lost, reloading): late answers are dropped. */
    boolean detached;
    boolean starved;
    /** Counted in the engine's waiting and paused gauges. */
    boolean waiting;
    boolean paused;
    int notifyAttempts;
    /** How many times deciding this run threw: the first failure fails it, the second gives up on it. */
    int failedDeciding;

    LiveRun(RunState state, int partition) {
        this.state = state;
        this.partition = partition;
    }

    String id() {
        return state.run().id();
    }

    static String callKey(String step, boolean compensation) {
        return compensation ? "compensate:" + step : step;
    }
}
