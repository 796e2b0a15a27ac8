package dev.agentfleet.coordinator.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.invoke.FunctionInvoker;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.store.RunStore;

/**
 * A run this replica drives: its durable {@link Run} plus what exists only while it is driven here (inputs waiting
 * for the next commit, calls in flight, slots held). Touched only on the engine's event loop.
 */
final class LiveRun {

    final Run run;
    final int partition;
    final CompiledWorkflow workflow;

    /** Call results, timers and requests not yet applied: applied together, then committed together. */
    final ArrayDeque<EngineInput> inputs = new ArrayDeque<>();
    /** History entries of the changes not yet committed. */
    final List<String> events = new ArrayList<>();
    /** What to do once the pending changes are committed (calls, completion events): never before. */
    final List<Runnable> afterCommit = new ArrayList<>();
    RunStore.Finish finish = RunStore.Finish.NONE;

    boolean committing;
    /** No longer driven here (finished, partition lost, reloading): late results are dropped. */
    boolean detached;
    boolean starved;
    int slots;
    int notifyAttempts;
    /** How many times deciding this run threw (see Engine#decisionFailed): 1 fails it, 2 gives up on it. */
    int failedDeciding;

    final Map<String, FunctionInvoker.Call> calls = new HashMap<>();
    /** Overhead bookkeeping per step: when it became ready, when its answer came (System.nanoTime). */
    final Map<String, Long> readyAt = new HashMap<>();
    /** The jq scope of the current round, or null when a step's state changed since (see Engine#scope). */
    com.fasterxml.jackson.databind.JsonNode scope;
    final Map<String, Long> overhead = new HashMap<>();
    final Map<String, Long> answeredAt = new HashMap<>();

    private static final java.util.concurrent.atomic.AtomicLong GENERATIONS = new java.util.concurrent.atomic.AtomicLong();

    /** Tells this in-memory incarnation of the run from a later one (after a reload), for its timers. */
    final long generation = GENERATIONS.incrementAndGet();

    LiveRun(Run run, int partition, CompiledWorkflow workflow) {
        this.run = run;
        this.partition = partition;
        this.workflow = workflow;
    }

    String id() {
        return run.id();
    }
}
