package dev.agentfleet.coordinator.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.Jq;
import dev.agentfleet.coordinator.engine.core.Decision;
import dev.agentfleet.coordinator.engine.core.Effect;
import dev.agentfleet.coordinator.engine.core.Input;
import dev.agentfleet.coordinator.engine.core.RunCore;
import dev.agentfleet.coordinator.engine.core.RunState;
import dev.agentfleet.coordinator.invoke.CircuitBreakers;
import dev.agentfleet.coordinator.invoke.CompletionEvents;
import dev.agentfleet.coordinator.invoke.Dispatcher;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.Controls;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepTransition;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.coordinator.store.script.RunCommitScript;

/**
 * Drives the runs of the partitions this replica owns, on one event loop ({@link EngineLoop}): the decide, commit, act
 * loop around the pure {@link RunCore}. What happens to a run (a call answered, a timer due, a cancel) is queued as an
 * {@link Input}; the run's round applies every queued input, the core decides, and all of it is committed in one
 * {@code run_commit} script, checked against the partition's fencing token and the run's revision. Only then are the
 * decision's {@link Effect}s carried out ({@link Actions}): calls leave, timers are set, the completion event is sent. A crash at any
 * point leaves a state another replica resumes from: an attempt recorded RUNNING is delivered again under the same
 * idempotency key, which the functions deduplicate. Inputs arriving while a commit is in flight wait and are committed
 * together in the next round (group commit), which keeps wide fan-outs cheap.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);

    private final RunCore core;
    private final RunStore store;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final EngineLoop loop;
    private final Leases leases;
    private final Quarantine quarantine;
    private final Slots slots;
    private final Commits commits;
    private final Timers timers = new Timers();
    private final RunGauges gauges;
    private final Actions actions;
    private final Map<String, LiveRun> runs = new HashMap<>();
    private volatile int activeRuns;

    Engine(RunStore store, Dispatcher dispatcher, CircuitBreakers breakers, CompletionEvents completions, EngineMetrics metrics,
            Clock clock, EngineLoop loop, Leases leases, Quarantine quarantine, ChildRuns children, CoordinatorConfig config) {
        this.quarantine = quarantine;
        this.core = new RunCore(new RunCore.Settings(completions.enabled(), config.engine().maxParallelPerRun(),
                new Jq.Budget(config.engine().expressionTime(), Jq.Budget.DEFAULT.emits(), config.engine().expressionMaxBytes())),
                new SplittableRandom());
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.loop = loop;
        this.leases = leases;
        this.slots = new Slots(config.engine().maxInFlight());
        this.commits = new Commits(store, loop, leases, metrics);
        this.gauges = new RunGauges(metrics);
        this.actions = new Actions(dispatcher, children, breakers, completions, metrics, clock, loop, timers, this::deliver, this::detach);
        metrics.activeRuns(() -> activeRuns);
        metrics.table(StepTransition.values());
        metrics.table(RunTransition.values());
    }

    /** Starts the timer tick. */
    void start(Duration tick) {
        loop.every(tick, this::tick);
    }

    Clock clock() {
        return clock;
    }

    // ---- runs arriving and leaving ----------------------------------------------------------------------------------

    /** A run this replica just created in a partition it owns. Loop only. */
    void adoptNew(Run run, int partition, CompiledWorkflow workflow) {
        adopt(run, partition, workflow, new Input.Started());
    }

    /** A run read back from Redis (takeover, a start queued by another replica, a reload). Loop only. */
    void adoptStored(Run run, int partition, CompiledWorkflow workflow) {
        adopt(run, partition, workflow, new Input.TakenOver());
    }

    private void adopt(Run run, int partition, CompiledWorkflow workflow, Input first) {
        if (runs.containsKey(run.id())) {
            return;
        }
        LiveRun live = new LiveRun(new RunState(run, workflow), partition);
        runs.put(live.id(), live);
        activeRuns = runs.size();
        slots.moved(0, run.runningSteps());
        deliver(live, first);
    }

    /**
     * Someone asked something of a run this replica may drive (cancel, pause, resume, a signal): the request scripts wrote
     * it to the run's hash, which is read again and handed to the core. A run not driven here reads it when adopted.
     * Loop only.
     */
    void controlled(String runId) {
        LiveRun live = runs.get(runId);
        if (live == null) {
            return;
        }
        store.load(List.of(runId)).onComplete(ar -> loop.run(() -> {
            if (live.detached) {
                return; // dropped or reloading: the run is read whole again when adopted
            }
            if (ar.failed()) {
                loop.after(500, () -> controlled(runId));
            } else if (!ar.result().isEmpty()) {
                Controls asked;
                try {
                    asked = Controls.fromHash(ar.result().get(0));
                } catch (RuntimeException unreadable) {
                    // what a request wrote cannot be read: the run goes on as it is; loading it again quarantines it
                    LOG.warnf("run %s: what was asked of it cannot be read (%s); reloading it", runId, unreadable.getMessage());
                    reloadLater(live, 200);
                    return;
                }
                deliver(live, new Input.ControlsChanged(asked));
            }
        }));
    }

    /** Stops driving the runs of a partition this replica lost or gave up. Loop only. */
    void dropPartition(int partition) {
        for (LiveRun live : List.copyOf(runs.values())) {
            if (live.partition == partition) {
                detach(live);
            }
        }
    }

    boolean drives(String runId) {
        return runs.containsKey(runId);
    }

    int runsIn(int partition) {
        return (int) runs.values().stream().filter(l -> l.partition == partition).count();
    }

    private void detach(LiveRun live) {
        if (live.detached) {
            return;
        }
        live.detached = true;
        runs.remove(live.id());
        activeRuns = runs.size();
        gauges.forget(live);
        slots.release(live);
        live.calls.values().forEach(call -> call.cancel());
        live.calls.clear();
        wakeStarved();
    }

    /** After a write failed for another reason than fencing (Redis down, restarting): read the run back later. */
    private void reloadLater(LiveRun live, long delayMs) {
        detach(live);
        loop.after(delayMs, () -> {
            if (leases.lease(live.partition) == null || runs.containsKey(live.id())) {
                return;
            }
            store.load(List.of(live.id())).onComplete(ar -> loop.run(() -> {
                if (ar.failed()) {
                    LOG.debugf("reloading run %s failed (%s); trying again", live.id(), ar.cause().getMessage());
                    reloadLater(live, Math.min(delayMs * 2, Commits.MAX_RETRY_MS));
                } else if (!ar.result().isEmpty() && leases.lease(live.partition) != null) {
                    Run stored = readOrQuarantine(live, ar.result().get(0));
                    if (stored != null) {
                        adoptStored(stored, live.partition, live.state.workflow());
                    }
                }
            }));
        });
    }

    // ---- the loop: decide, commit, act -------------------------------------------------------------------------------

    private void deliver(LiveRun live, Input input) {
        if (live.detached) {
            return;
        }
        live.inputs.add(input);
        drive(live);
    }

    private void drive(LiveRun live) {
        if (live.committing || live.detached) {
            return;
        }
        List<Input> inputs = new ArrayList<>(live.inputs);
        live.inputs.clear();
        int running = live.state.run().runningSteps();
        Decision decision;
        try {
            decision = core.decide(live.state, inputs, clock.millis(), slots.free());
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            slots.moved(running, live.state.run().runningSteps());
            decisionFailed(live, e);
            return;
        }
        slots.moved(running, live.state.run().runningSteps());
        gauges.update(live);
        long now = System.nanoTime();
        decision.readySteps().forEach(step -> live.readyAt.putIfAbsent(step, now));
        if (decision.starvedForSlots()) {
            slots.starve(live);
        }
        if (live.state.run().hasChanges() || !decision.history().isEmpty() || decision.finish() != Decision.Finish.NONE) {
            commit(live, decision);
        } else {
            actions.act(live, decision);
        }
        if (live.state.run().runningSteps() < running) {
            wakeStarved();
        }
    }

    private void commit(LiveRun live, Decision decision) {
        String lease = leases.lease(live.partition);
        if (lease == null) {
            detach(live);
            return;
        }
        Run run = live.state.run();
        List<String> events = new ArrayList<>(decision.history().size());
        decision.history().forEach(e -> events.add(Run.json(e)));
        live.committing = true;
        commits.send(live, new Commits.Commit(lease, run.takeChanges(), events, finish(decision), clock.millis())).onComplete(ar -> {
            live.committing = false;
            if (ar.failed()) {
                reloadLater(live, 200);
            } else if (ar.result() == RunCommitScript.Outcome.FENCED) {
                leases.lost(live.partition); // Commits logged and counted it
            } else if (ar.result() == RunCommitScript.Outcome.STALE) {
                LOG.warnf("run %s changed under us; reloading it", live.id());
                reloadLater(live, 50);
            } else {
                run.committed();
                metrics.committed(run.workflow(), decision, live.overhead);
                actions.act(live, decision);
                drive(live);
            }
        });
    }

    private static RunCommitScript.Finish finish(Decision decision) {
        return switch (decision.finish()) {
            case NONE -> RunCommitScript.Finish.NONE;
            case FINISHED -> RunCommitScript.Finish.FINISHED;
            case RETIRE -> RunCommitScript.Finish.RETIRE;
        };
    }

    /**
     * Deciding threw: a bug, or stored state this coordinator cannot follow. The run must not wedge (stay RUNNING with
     * nothing in flight), so it fails visibly with kind {@code internal}: the half-applied changes are thrown away, the
     * last committed state is read back and failed (compensating what completed); should that throw as well, the run
     * ends FAILED as it stands, without another call.
     */
    private void decisionFailed(LiveRun live, Throwable e) {
        LOG.errorf(e, "run %s (%s): deciding what follows failed; failing the run", live.id(), live.state.run().workflow());
        detach(live);
        Failure failure = Failure.of(FailureKind.INTERNAL, "the coordinator could not decide what follows in this run ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        store.load(List.of(live.id())).onComplete(ar -> loop.run(() -> {
            if (ar.failed()) {
                reloadLater(live, 200);
                return;
            }
            if (ar.result().isEmpty() || leases.lease(live.partition) == null || runs.containsKey(live.id())) {
                return;
            }
            if (live.failedDeciding >= 2) {
                quarantine.add(live.partition, leases.lease(live.partition), live.id(), Quarantine.Cause.UNDECIDABLE,
                        "failing the run threw too: " + PartitionOwner.describe(e));
                return;
            }
            Run stored = readOrQuarantine(live, ar.result().get(0));
            if (stored == null) {
                return;
            }
            LiveRun fresh = new LiveRun(new RunState(stored, live.state.workflow()), live.partition);
            fresh.failedDeciding = live.failedDeciding + 1;
            runs.put(fresh.id(), fresh);
            activeRuns = runs.size();
            slots.moved(0, stored.runningSteps());
            deliver(fresh, new Input.Failed(failure, fresh.failedDeciding > 1));
        }));
    }

    /** The run as stored, or null after quarantining it when its hash cannot be read. */
    private Run readOrQuarantine(LiveRun live, Map<String, String> hash) {
        try {
            return Run.fromHash(hash);
        } catch (RuntimeException e) {
            quarantine.add(live.partition, leases.lease(live.partition), live.id(), Quarantine.Cause.UNREADABLE, PartitionOwner.describe(e));
            return null;
        }
    }

    // ---- timers, slots, metrics -----------------------------------------------------------------------------------------

    private void tick() {
        for (Timers.Fired fired : timers.due(clock.millis())) {
            LiveRun live = runs.get(fired.runId());
            if (live != null && live.generation == fired.generation()) {
                deliver(live, fired.input());
            }
        }
    }

    private void wakeStarved() {
        if (slots.anyStarved()) {
            loop.run(() -> slots.wake().forEach(this::drive));
        }
    }

    /** For tests and the health check: runs driven here, calls in flight, timers set. */
    public record Load(int runs, int slotsInUse, int timers) {
    }

    public Load load() {
        return new Load(activeRuns, slots.inUse(), timers.size());
    }
}
