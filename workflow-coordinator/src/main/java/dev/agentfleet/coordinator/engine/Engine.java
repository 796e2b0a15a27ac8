package dev.agentfleet.coordinator.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.Jq;
import dev.agentfleet.coordinator.definition.JoinMode;
import dev.agentfleet.coordinator.definition.RetryPolicy;
import dev.agentfleet.coordinator.events.CompletionEvents;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.invoke.CircuitBreakers;
import dev.agentfleet.coordinator.invoke.FunctionInvoker;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.observe.RunTracing;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;
import dev.agentfleet.coordinator.run.Transition;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.coordinator.store.RunStore.CommitOutcome;
import dev.agentfleet.coordinator.store.RunStore.Finish;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Drives the runs of the partitions this replica owns. Everything here happens on one Vert.x event loop (the engine
 * context), so a run's state needs no locks; Redis and the functions are reached without blocking.
 *
 * <p>A run moves by <em>inputs</em> (call results, timers, cancellation) applied to its in-memory state, after which
 * the engine decides what follows (steps whose dependencies are met start, the run finishes or compensates) and
 * commits every change of that round in one {@code run_commit} script: checked against the partition's fencing token
 * and the run's revision. Calls and events leave only after the commit that records them, so a crash at any point
 * leaves a state another replica resumes from: a step recorded RUNNING is delivered again under the same idempotency
 * key ({@code <runId>/<stepId>/<attempt>}), which the functions deduplicate. Inputs arriving while a commit is in
 * flight wait and are committed together in the next one (group commit), which keeps wide fan-outs cheap.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);
    /** Compensations are retried on any transient failure: three attempts, 1 s then 2 s apart. */
    static final RetryPolicy COMPENSATION_RETRY = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.2,
            RetryPolicy.FAILURE_KINDS);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final RunStore store;
    private final WorkflowCatalog catalog;
    private final FunctionInvoker invoker;
    private final CircuitBreakers breakers;
    private final CompletionEvents completions;
    private final EngineMetrics metrics;
    private final RunTracing tracing;
    private final Clock clock;
    private final Vertx vertx;
    private final int maxPerRun;
    private final int maxInFlight;

    private Context context;
    private final Map<String, LiveRun> runs = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::due));
    private final ArrayDeque<LiveRun> starved = new ArrayDeque<>();
    private int slotsInUse;
    private volatile int activeRuns;

    Engine(RunStore store, WorkflowCatalog catalog, FunctionInvoker invoker, CircuitBreakers breakers,
            CompletionEvents completions, EngineMetrics metrics, RunTracing tracing, Clock clock, Vertx vertx,
            CoordinatorConfig config) {
        this.store = store;
        this.catalog = catalog;
        this.invoker = invoker;
        this.breakers = breakers;
        this.completions = completions;
        this.metrics = metrics;
        this.tracing = tracing;
        this.clock = clock;
        this.vertx = vertx;
        this.maxPerRun = config.engine().maxParallelPerRun();
        this.maxInFlight = config.engine().maxInFlight();
        metrics.activeRuns(() -> activeRuns);
    }

    // ---- lifecycle and threading ------------------------------------------------------------------------------------

    /** Binds the engine to its event loop and starts the timer tick. */
    void start(Context context, Duration tick) {
        this.context = context;
        context.runOnContext(v -> vertx.setPeriodic(tick.toMillis(), id -> tick()));
    }

    /** Runs {@code task} on the engine's event loop, always later (never inline: no re-entrant driving). */
    void onEngine(Runnable task) {
        context.runOnContext(v -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("engine task failed", e);
            }
        });
    }

    Clock clock() {
        return clock;
    }

    // ---- runs arriving: new, taken over, reloaded --------------------------------------------------------------------

    /** A run this replica just created in a partition it owns. On the engine loop. */
    void adoptNew(Run run, int partition, CompiledWorkflow workflow) {
        if (runs.containsKey(run.id())) {
            return;
        }
        LiveRun live = new LiveRun(run, partition, workflow);
        register(live);
        drive(live);
    }

    /**
     * A run read back from Redis (takeover, a start queued by another replica, a reload): rebuilds its timers and
     * delivers again whatever was in flight. On the engine loop.
     */
    void adoptStored(Run run, int partition, CompiledWorkflow workflow) {
        if (runs.containsKey(run.id())) {
            return;
        }
        LiveRun live = new LiveRun(run, partition, workflow);
        register(live);
        long now = clock.millis();
        if (run.status().isFinal()) {
            if (run.notified() || !completions.enabled()) {
                live.finish = Finish.RETIRE;
            } else {
                notifyCompletion(live);
            }
            drive(live);
            return;
        }
        for (CompiledWorkflow.Step step : workflow.steps()) {
            StepState s = run.step(step.id());
            switch (s.status) {
                case RUNNING -> {
                    occupy(live);
                    redispatch(live, step, s.attempt, now);
                }
                case WAITING_RETRY -> schedule(live, Timer.Kind.RETRY, s.retryAt, step.id(), s.attempt);
                case COMPENSATING -> {
                    if (s.compensationRetryAt != null) {
                        schedule(live, Timer.Kind.COMPENSATION_RETRY, s.compensationRetryAt, step.id(), s.compensationAttempt);
                    } else {
                        dispatchCompensation(live, step, s.compensationAttempt);
                    }
                }
                default -> {
                }
            }
        }
        drive(live);
    }

    private void register(LiveRun live) {
        runs.put(live.id(), live);
        activeRuns = runs.size();
        Long deadline = live.run.deadlineAt();
        if (deadline != null && live.run.status() == RunStatus.RUNNING) {
            schedule(live, Timer.Kind.DEADLINE, deadline, null, 0);
        }
    }

    /** Cancellation asked for a run this replica may drive. On the engine loop. */
    void cancelRequested(String runId) {
        LiveRun live = runs.get(runId);
        if (live != null) {
            deliver(live, new EngineInput.CancelRequested());
        }
    }

    /** Stops driving the runs of a partition this replica lost or gave up. On the engine loop. */
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
        int n = 0;
        for (LiveRun live : runs.values()) {
            if (live.partition == partition) {
                n++;
            }
        }
        return n;
    }

    private void detach(LiveRun live) {
        if (live.detached) {
            return;
        }
        live.detached = true;
        runs.remove(live.id());
        activeRuns = runs.size();
        slotsInUse -= live.slots;
        live.slots = 0;
        live.calls.values().forEach(FunctionInvoker.Call::cancel);
        live.calls.clear();
        starved.remove(live);
        wakeStarved();
    }

    /** After a write failed for another reason than fencing (Redis down, restarting): read the run back later. */
    private void reloadLater(LiveRun live, long delayMs) {
        detach(live);
        vertx.setTimer(delayMs, id -> onEngine(() -> {
            PartitionOwner owner = partitionOwner;
            if (owner == null || !owner.owns(live.partition) || runs.containsKey(live.id())) {
                return;
            }
            store.load(List.of(live.id())).onComplete(ar -> onEngine(() -> {
                if (ar.failed()) {
                    LOG.debugf("reloading run %s failed (%s); trying again", live.id(), ar.cause().getMessage());
                    reloadLater(live, Math.min(delayMs * 2, 5_000));
                } else if (!ar.result().isEmpty() && owner.owns(live.partition)) {
                    adoptStored(Run.fromHash(ar.result().get(0)), live.partition, live.workflow);
                }
            }));
        }));
    }

    private volatile PartitionOwner partitionOwner;

    void ownedBy(PartitionOwner owner) {
        this.partitionOwner = owner;
    }

    // ---- the loop: apply inputs, decide, commit, act -----------------------------------------------------------------

    private void deliver(LiveRun live, EngineInput input) {
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
        long now = clock.millis();
        try {
            EngineInput input;
            while ((input = live.inputs.poll()) != null) {
                apply(live, input, now);
            }
            switch (live.run.status()) {
                case RUNNING -> advance(live, now);
                case COMPENSATING -> compensateNext(live, now);
                default -> {
                }
            }
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            decisionFailed(live, e, now);
            return;
        }
        if (live.run.hasChanges() || !live.events.isEmpty() || live.finish != Finish.NONE) {
            commit(live, now);
        }
    }

    /**
     * Deciding what follows threw: a bug, or stored state this coordinator cannot follow. The run must not wedge (stay
     * RUNNING with nothing in flight), so it fails visibly with kind {@code internal}: the half-applied changes are
     * thrown away, the last committed state is read back and failed (compensating what completed). Should failing
     * it throw as well, the run is marked failed as it stands, without compensation.
     */
    private void decisionFailed(LiveRun live, Throwable e, long now) {
        LOG.errorf(e, "run %s (%s): the engine failed deciding what follows; failing the run", live.id(), live.run.workflow());
        detach(live);
        Failure failure = Failure.of("internal", "the coordinator could not decide what follows in this run ("
                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        store.load(List.of(live.id())).onComplete(ar -> onEngine(() -> {
            PartitionOwner owner = partitionOwner;
            if (ar.failed() || owner == null || !owner.owns(live.partition) || runs.containsKey(live.id())) {
                if (ar.failed()) {
                    reloadLater(live, 200);
                }
                return;
            }
            if (ar.result().isEmpty()) {
                return;
            }
            Run stored = Run.fromHash(ar.result().get(0));
            LiveRun fresh = new LiveRun(stored, live.partition, live.workflow);
            fresh.failedDeciding = live.failedDeciding + 1;
            register(fresh);
            try {
                if (fresh.failedDeciding == 1 && !stored.status().isFinal()) {
                    if (stored.status() == RunStatus.RUNNING) {
                        failRun(fresh, RunStatus.FAILED, failure, clock.millis());
                    }
                    if (fresh.run.status() == RunStatus.COMPENSATING) {
                        compensateNext(fresh, clock.millis());
                    }
                } else if (!stored.status().isFinal()) {
                    giveUp(fresh, failure, clock.millis());
                }
            } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError again) {
                decisionFailed(fresh, again, now);
                return;
            }
            if (fresh.run.hasChanges() || !fresh.events.isEmpty() || fresh.finish != Finish.NONE) {
                commit(fresh, clock.millis());
            }
        }));
    }

    /** The last resort after failing a run threw too: it ends FAILED as it stands, nothing more is called. */
    private void giveUp(LiveRun live, Failure failure, long now) {
        Run run = live.run;
        boolean compensating = run.status() == RunStatus.COMPENSATING;
        run.setOutcome(RunStatus.FAILED, failure);
        finish(live, RunStatus.FAILED, compensating ? Transition.RUN_COMPENSATED_FAILED : Transition.RUN_FAILED, now);
    }

    private void commit(LiveRun live, long now) {
        String lease = partitionOwner.lease(live.partition);
        if (lease == null) {
            detach(live);
            return;
        }
        Map<String, String> changes = live.run.takeChanges();
        List<String> events = List.copyOf(live.events);
        List<Runnable> actions = List.copyOf(live.afterCommit);
        Finish finish = live.finish;
        live.events.clear();
        live.afterCommit.clear();
        live.finish = Finish.NONE;
        live.committing = true;
        store.commit(live.run, live.partition, lease, changes, events, finish, now).onComplete(ar -> onEngine(() -> {
            live.committing = false;
            if (live.detached) {
                return;
            }
            if (ar.failed()) {
                LOG.warnf("commit of run %s failed (%s); reloading it", live.id(), ar.cause().getMessage());
                reloadLater(live, 200);
                return;
            }
            CommitOutcome outcome = ar.result();
            if (outcome == CommitOutcome.FENCED) {
                LOG.infof("partition %d is no longer ours (fenced commit of %s)", live.partition, live.id());
                partitionOwner.lost(live.partition);
                return;
            }
            if (outcome == CommitOutcome.STALE) {
                LOG.warnf("run %s changed under us; reloading it", live.id());
                reloadLater(live, 50);
                return;
            }
            live.run.committed();
            recordOverhead(live);
            actions.forEach(Runnable::run);
            if (finish == Finish.RETIRE) {
                detach(live);
            } else {
                drive(live);
            }
        }));
    }

    // ---- applying inputs ---------------------------------------------------------------------------------------------

    private void apply(LiveRun live, EngineInput input, long now) {
        if (input instanceof EngineInput.CallResult r) {
            if (r.compensation()) {
                compensationResult(live, r, now);
            } else {
                callResult(live, r, now);
            }
        } else if (input instanceof EngineInput.TimerFired f) {
            timerFired(live, f.timer(), now);
        } else if (input instanceof EngineInput.CancelRequested) {
            if (live.run.status() == RunStatus.RUNNING) {
                failRun(live, RunStatus.CANCELLED, Failure.of("cancelled", "cancelled on request"), now);
            }
        } else if (input instanceof EngineInput.Notified) {
            live.run.setNotified();
            live.finish = Finish.RETIRE;
        }
    }

    private void callResult(LiveRun live, EngineInput.CallResult r, long now) {
        StepState s = live.run.step(r.step());
        if (s.status != StepStatus.RUNNING || s.attempt != r.attempt()) {
            return; // a late answer to an attempt already settled (timed out, cancelled)
        }
        CompiledWorkflow.Step step = live.workflow.step(r.step());
        CallOutcome outcome = r.outcome();
        live.calls.remove(r.step());
        if (!outcome.succeeded() && outcome.failure().kind().equals(CallOutcome.IN_FLIGHT)) {
            schedule(live, Timer.Kind.REDISPATCH, now + outcome.retryAfterMs(), r.step(), r.attempt());
            return;
        }
        free(live);
        breakers.record(step.definition().function(), !outcome.countsAgainstBreaker(), now);
        if (outcome.succeeded()) {
            live.answeredAt.put(r.step(), r.answeredAtNanos());
            s.status = StepStatus.SUCCEEDED;
            s.output = outcome.output();
            s.finishedAt = now;
            s.error = null;
            s.completedSeq = live.run.nextCompletion();
            live.run.touch(r.step());
            transition(live, Transition.STEP_SUCCEEDED, r.step(), r.attempt(), null, now);
            settled(live, step, s, "succeeded", now);
        } else {
            attemptFailed(live, step, s, outcome.failure(), now);
        }
    }

    private void attemptFailed(LiveRun live, CompiledWorkflow.Step step, StepState s, Failure failure, long now) {
        RetryPolicy policy = step.definition().retry();
        s.error = failure;
        live.run.touch(step.id());
        if (policy.retries(s.attempt, failure.kind())) {
            Duration wait = policy.withJitter(policy.delayFor(s.attempt), ThreadLocalRandom.current().nextDouble());
            s.status = StepStatus.WAITING_RETRY;
            s.retryAt = now + wait.toMillis();
            transition(live, Transition.STEP_RETRY_SCHEDULED, step.id(), s.attempt, failure, now);
            schedule(live, Timer.Kind.RETRY, s.retryAt, step.id(), s.attempt);
        } else {
            s.status = StepStatus.FAILED;
            s.finishedAt = now;
            transition(live, Transition.STEP_FAILED, step.id(), s.attempt, failure, now);
            settled(live, step, s, "failed", now);
            failRun(live, RunStatus.FAILED, new Failure("step-failed", "step " + step.id() + " failed: " + failure.message(),
                    failure.status(), step.id()), now);
        }
    }

    private void timerFired(LiveRun live, Timer t, long now) {
        Run run = live.run;
        StepState s = t.step() == null ? null : run.step(t.step());
        CompiledWorkflow.Step step = t.step() == null ? null : live.workflow.step(t.step());
        switch (t.kind()) {
            case DEADLINE -> {
                if (run.status() == RunStatus.RUNNING) {
                    failRun(live, RunStatus.FAILED, Failure.of("deadline", "the run did not finish within its deadline of "
                            + live.workflow.definition().deadline()), now);
                }
            }
            case STEP_TIMEOUT -> {
                if (s.status == StepStatus.RUNNING && s.attempt == t.attempt()) {
                    cancelCall(live, t.step());
                    callResult(live, new EngineInput.CallResult(t.step(), t.attempt(), false,
                            CallOutcome.failure("timeout", "no answer within " + timeout(step), null, 0), System.nanoTime()), now);
                }
            }
            case RETRY -> {
                // advance() starts the next attempt now that retryAt has passed (when a slot is free)
            }
            case REDISPATCH -> {
                if (s.status == StepStatus.RUNNING && s.attempt == t.attempt()) {
                    redispatch(live, step, t.attempt(), now);
                }
            }
            case COMPENSATION_TIMEOUT -> {
                if (s.status == StepStatus.COMPENSATING && s.compensationAttempt == t.attempt() && s.compensationRetryAt == null) {
                    cancelCall(live, "compensate:" + t.step());
                    compensationResult(live, new EngineInput.CallResult(t.step(), t.attempt(), true,
                            CallOutcome.failure("timeout", "no answer within " + timeout(step), null, 0), System.nanoTime()), now);
                }
            }
            case COMPENSATION_RETRY -> {
                if (s.status == StepStatus.COMPENSATING && s.compensationAttempt == t.attempt()) {
                    startCompensationAttempt(live, step, t.attempt() + 1, now);
                }
            }
            case COMPENSATION_REDISPATCH -> {
                if (s.status == StepStatus.COMPENSATING && s.compensationAttempt == t.attempt()) {
                    dispatchCompensation(live, step, t.attempt());
                }
            }
            case NOTIFY -> notifyCompletion(live);
        }
    }

    // ---- deciding what follows -----------------------------------------------------------------------------------------

    private enum Readiness { WAIT, READY, SKIP }

    private void advance(LiveRun live, long now) {
        Run run = live.run;
        boolean progressed = true;
        while (progressed && run.status() == RunStatus.RUNNING) {
            progressed = false;
            boolean allDone = true;
            for (CompiledWorkflow.Step step : live.workflow.steps()) {
                StepState s = run.step(step.id());
                if (s.status == StepStatus.SUCCEEDED || s.status == StepStatus.SKIPPED) {
                    continue;
                }
                allDone = false;
                if (s.status == StepStatus.PENDING) {
                    Readiness readiness = readiness(run, step);
                    if (readiness == Readiness.SKIP) {
                        skip(live, step, "none of its dependencies succeeded", now);
                        progressed = true;
                    } else if (readiness == Readiness.READY) {
                        live.readyAt.putIfAbsent(step.id(), System.nanoTime());
                        if (!slotFree(live)) {
                            starve(live);
                            continue;
                        }
                        if (!startFirstAttempt(live, step, now)) {
                            return;
                        }
                        progressed = true;
                    }
                } else if (s.status == StepStatus.WAITING_RETRY && s.retryAt <= now) {
                    if (!slotFree(live)) {
                        starve(live);
                        continue;
                    }
                    JsonNode input = evaluateInput(live, step, now);
                    if (input == null) {
                        return;
                    }
                    startAttempt(live, step, s.attempt + 1, input, Transition.STEP_RETRIED, now);
                }
            }
            if (allDone) {
                succeed(live, now);
                return;
            }
        }
    }

    private Readiness readiness(Run run, CompiledWorkflow.Step step) {
        List<String> deps = step.definition().dependsOn();
        if (deps.isEmpty()) {
            return Readiness.READY;
        }
        if (step.definition().join() == JoinMode.ANY) {
            boolean allSettled = true;
            for (String d : deps) {
                StepStatus st = run.step(d).status;
                if (st == StepStatus.SUCCEEDED) {
                    return Readiness.READY;
                }
                allSettled &= st.isSettled();
            }
            return allSettled ? Readiness.SKIP : Readiness.WAIT;
        }
        for (String d : deps) {
            StepStatus st = run.step(d).status;
            if (st != StepStatus.SUCCEEDED && st != StepStatus.SKIPPED) {
                return Readiness.WAIT;
            }
        }
        return Readiness.READY;
    }

    /** Evaluates {@code when} and the input and starts attempt 1; false when the run failed instead. */
    private boolean startFirstAttempt(LiveRun live, CompiledWorkflow.Step step, long now) {
        if (step.when() != null) {
            JsonNode condition;
            try {
                condition = Jq.first(step.when(), scope(live));
            } catch (Exception e) {
                inputFailed(live, step, "its when condition failed: " + e.getMessage(), now);
                return false;
            }
            if (condition.isNull() || (condition.isBoolean() && !condition.booleanValue())) {
                skip(live, step, "its when condition is false", now);
                return true;
            }
        }
        JsonNode input = evaluateInput(live, step, now);
        if (input == null) {
            return false;
        }
        startAttempt(live, step, 1, input, Transition.STEP_STARTED, now);
        return true;
    }

    private JsonNode evaluateInput(LiveRun live, CompiledWorkflow.Step step, long now) {
        try {
            return Jq.first(step.input(), scope(live));
        } catch (Exception e) {
            inputFailed(live, step, "its input expression failed: " + e.getMessage(), now);
            return null;
        }
    }

    private void inputFailed(LiveRun live, CompiledWorkflow.Step step, String message, long now) {
        StepState s = live.run.step(step.id());
        Failure failure = Failure.of("input", message);
        boolean wasPending = s.status == StepStatus.PENDING;
        s.status = StepStatus.FAILED;
        s.error = failure;
        s.finishedAt = now;
        live.run.touch(step.id());
        transition(live, wasPending ? Transition.STEP_INPUT_FAILED : Transition.STEP_FAILED, step.id(), s.attempt, failure, now);
        failRun(live, RunStatus.FAILED, new Failure("step-failed", "step " + step.id() + " failed: " + message, null, step.id()), now);
    }

    private void skip(LiveRun live, CompiledWorkflow.Step step, String why, long now) {
        StepState s = live.run.step(step.id());
        s.status = StepStatus.SKIPPED;
        s.finishedAt = now;
        live.run.touch(step.id());
        transition(live, Transition.STEP_SKIPPED, step.id(), null, Failure.of("skipped", why), now);
    }

    private void startAttempt(LiveRun live, CompiledWorkflow.Step step, int attempt, JsonNode input, Transition transition,
            long now) {
        StepState s = live.run.step(step.id());
        s.status = StepStatus.RUNNING;
        s.attempt = attempt;
        if (s.startedAt == null) {
            s.startedAt = now;
        }
        s.attemptStartedAt = now;
        s.retryAt = null;
        live.run.touch(step.id());
        occupy(live);
        transition(live, transition, step.id(), attempt, null, now);
        live.afterCommit.add(() -> dispatch(live, step, attempt, input));
    }

    private void succeed(LiveRun live, long now) {
        JsonNode output;
        try {
            output = Jq.first(live.workflow.output(), scope(live));
        } catch (Exception e) {
            failRun(live, RunStatus.FAILED, Failure.of("output", "the output expression failed: " + e.getMessage()), now);
            return;
        }
        live.run.setOutput(output);
        finish(live, RunStatus.SUCCEEDED, Transition.RUN_SUCCEEDED, now);
    }

    /** The run fails or is cancelled: what is in flight is abandoned, then completed steps are compensated. */
    private void failRun(LiveRun live, RunStatus outcome, Failure failure, long now) {
        Run run = live.run;
        run.setOutcome(outcome, failure);
        boolean compensate = false;
        for (CompiledWorkflow.Step step : live.workflow.steps()) {
            StepState s = run.step(step.id());
            Transition t = switch (s.status) {
                case RUNNING -> Transition.STEP_ABANDONED;
                case WAITING_RETRY -> Transition.STEP_RETRY_ABANDONED;
                case PENDING -> Transition.STEP_NOT_REACHED;
                default -> null;
            };
            if (t == Transition.STEP_ABANDONED) {
                cancelCall(live, step.id());
                free(live);
            }
            if (t != null) {
                s.status = StepStatus.CANCELLED;
                s.finishedAt = now;
                s.retryAt = null;
                run.touch(step.id());
                transition(live, t, step.id(), t == Transition.STEP_NOT_REACHED ? null : s.attempt, null, now);
            }
            compensate |= s.status == StepStatus.SUCCEEDED && step.definition().compensation() != null;
        }
        if (compensate) {
            run.setStatus(RunStatus.COMPENSATING, now);
            transition(live, Transition.RUN_COMPENSATING, null, null, failure, now);
            LOG.infof("run %s (%s) compensating: %s", run.id(), run.workflow(), failure.message());
        } else {
            finish(live, outcome, outcome == RunStatus.CANCELLED ? Transition.RUN_CANCELLED : Transition.RUN_FAILED, now);
        }
    }

    private void compensateNext(LiveRun live, long now) {
        CompiledWorkflow.Step next = null;
        int latest = -1;
        for (CompiledWorkflow.Step step : live.workflow.steps()) {
            StepState s = live.run.step(step.id());
            if (s.status == StepStatus.COMPENSATING) {
                return; // one at a time, newest first
            }
            if (s.status == StepStatus.SUCCEEDED && step.definition().compensation() != null && s.completedSeq > latest) {
                next = step;
                latest = s.completedSeq;
            }
        }
        if (next == null) {
            RunStatus outcome = live.run.outcome();
            finish(live, outcome, outcome == RunStatus.CANCELLED ? Transition.RUN_COMPENSATED_CANCELLED
                    : Transition.RUN_COMPENSATED_FAILED, now);
            return;
        }
        StepState s = live.run.step(next.id());
        s.status = StepStatus.COMPENSATING;
        transition(live, Transition.STEP_COMPENSATION_STARTED, next.id(), null, null, now);
        startCompensationAttempt(live, next, 1, now);
    }

    private void startCompensationAttempt(LiveRun live, CompiledWorkflow.Step step, int attempt, long now) {
        StepState s = live.run.step(step.id());
        s.compensationAttempt = attempt;
        s.compensationRetryAt = null;
        live.run.touch(step.id());
        live.afterCommit.add(() -> dispatchCompensation(live, step, attempt));
    }

    private void compensationResult(LiveRun live, EngineInput.CallResult r, long now) {
        StepState s = live.run.step(r.step());
        if (s.status != StepStatus.COMPENSATING || s.compensationAttempt != r.attempt() || s.compensationRetryAt != null) {
            return;
        }
        live.calls.remove("compensate:" + r.step());
        CallOutcome outcome = r.outcome();
        if (!outcome.succeeded() && outcome.failure().kind().equals(CallOutcome.IN_FLIGHT)) {
            schedule(live, Timer.Kind.COMPENSATION_REDISPATCH, now + outcome.retryAfterMs(), r.step(), r.attempt());
            return;
        }
        live.run.touch(r.step());
        if (outcome.succeeded()) {
            s.status = StepStatus.COMPENSATED;
            s.compensationError = null;
            transition(live, Transition.STEP_COMPENSATED, r.step(), r.attempt(), null, now);
        } else if (COMPENSATION_RETRY.retries(r.attempt(), outcome.failure().kind())) {
            s.compensationError = outcome.failure();
            s.compensationRetryAt = now + COMPENSATION_RETRY.withJitter(COMPENSATION_RETRY.delayFor(r.attempt()),
                    ThreadLocalRandom.current().nextDouble()).toMillis();
            schedule(live, Timer.Kind.COMPENSATION_RETRY, s.compensationRetryAt, r.step(), r.attempt());
        } else {
            s.status = StepStatus.COMPENSATION_FAILED;
            s.compensationError = outcome.failure();
            transition(live, Transition.STEP_COMPENSATION_FAILED, r.step(), r.attempt(), outcome.failure(), now);
            LOG.warnf("run %s: compensation of %s failed: %s", live.id(), r.step(), outcome.failure().message());
        }
    }

    private void finish(LiveRun live, RunStatus status, Transition transition, long now) {
        Run run = live.run;
        run.setStatus(status, now);
        transition(live, transition, null, null, status == RunStatus.SUCCEEDED ? null : run.error(), now);
        metrics.runFinished(run.workflow(), status.name().toLowerCase());
        LOG.debugf("run %s (%s) %s", run.id(), run.workflow(), status);
        if (completions.enabled()) {
            live.finish = Finish.FINISHED;
            live.afterCommit.add(() -> notifyCompletion(live));
        } else {
            live.finish = Finish.RETIRE;
        }
    }

    // ---- acting: calls, completion events ----------------------------------------------------------------------------

    private void dispatch(LiveRun live, CompiledWorkflow.Step step, int attempt, JsonNode input) {
        if (live.detached) {
            return;
        }
        String function = step.definition().function();
        long now = clock.millis();
        schedule(live, Timer.Kind.STEP_TIMEOUT, now + timeout(step).toMillis(), step.id(), attempt);
        Long ready = live.readyAt.remove(step.id());
        if (ready != null) {
            live.overhead.merge(step.id(), System.nanoTime() - ready, Long::sum);
        }
        Future<Boolean> permit = breakers.permit(function, now);
        Runnable go = () -> {
            if (live.detached) {
                return;
            }
            if (permit.succeeded() && !permit.result()) {
                deliver(live, new EngineInput.CallResult(step.id(), attempt, false,
                        CallOutcome.failure("unavailable", "the circuit of " + function + " is open", null, 0), System.nanoTime()));
                return;
            }
            send(live, step.id(), attempt, false, function, input, live.run.id() + "/" + step.id() + "/" + attempt, timeout(step));
        };
        if (permit.isComplete() && permit.succeeded() && permit.result() && Vertx.currentContext() == context) {
            go.run(); // the common case (a closed circuit, known locally): the call leaves now, no hop through the queue
        } else {
            permit.onComplete(ar -> onEngine(go));
        }
    }

    /**
     * The same attempt again, same idempotency key: after a takeover, or when the function said it is still busy.
     * The attempt is already committed, so it leaves at once.
     */
    private void redispatch(LiveRun live, CompiledWorkflow.Step step, int attempt, long now) {
        JsonNode input;
        try {
            input = Jq.first(step.input(), scope(live));
        } catch (Exception e) {
            input = null;
        }
        dispatch(live, step, attempt, input);
    }

    private void dispatchCompensation(LiveRun live, CompiledWorkflow.Step step, int attempt) {
        if (live.detached) {
            return;
        }
        JsonNode input;
        try {
            input = Jq.first(step.compensationInput(), scope(live));
        } catch (Exception e) {
            deliver(live, new EngineInput.CallResult(step.id(), attempt, true,
                    CallOutcome.failure(CallOutcome.REJECTED, "the compensation input failed: " + e.getMessage(), null, 0), 0));
            return;
        }
        schedule(live, Timer.Kind.COMPENSATION_TIMEOUT, clock.millis() + timeout(step).toMillis(), step.id(), attempt);
        send(live, step.id(), attempt, true, step.definition().compensation().function(), input,
                live.run.id() + "/" + step.id() + "/compensate/" + attempt, timeout(step));
    }

    private void send(LiveRun live, String stepId, int attempt, boolean compensation, String function, JsonNode input,
            String key, Duration timeout) {
        Span span = tracing.attempt(live.run.traceparent(), stepId, attempt, function);
        FunctionInvoker.Call call = new FunctionInvoker.Call();
        live.calls.put(compensation ? "compensate:" + stepId : stepId, call);
        invoker.call(function, input, key, RunTracing.traceparent(span), timeout, call).onComplete(ar -> {
            long answered = System.nanoTime();
            CallOutcome outcome = ar.succeeded() ? ar.result()
                    : CallOutcome.failure("unavailable", String.valueOf(ar.cause().getMessage()), null, 0);
            RunTracing.end(span, outcome.succeeded() ? null : outcome.failure().message());
            onEngine(() -> deliver(live, new EngineInput.CallResult(stepId, attempt, compensation, outcome, answered)));
        });
    }

    private void cancelCall(LiveRun live, String key) {
        FunctionInvoker.Call call = live.calls.remove(key);
        if (call != null) {
            call.cancel();
        }
    }

    private void notifyCompletion(LiveRun live) {
        if (live.detached) {
            return;
        }
        completions.emit(live.run).onComplete(ar -> onEngine(() -> {
            if (live.detached) {
                return;
            }
            if (ar.succeeded()) {
                deliver(live, new EngineInput.Notified());
            } else {
                long wait = Math.min(30_000, 500L << Math.min(live.notifyAttempts++, 6));
                LOG.warnf("completion event of run %s not delivered (%s); again in %d ms", live.id(), ar.cause().getMessage(), wait);
                schedule(live, Timer.Kind.NOTIFY, clock.millis() + wait, null, 0);
            }
        }));
    }

    // ---- timers, slots, bookkeeping ---------------------------------------------------------------------------------

    private void schedule(LiveRun live, Timer.Kind kind, long due, String step, int attempt) {
        timers.add(new Timer(due, live.id(), live.generation, kind, step, attempt));
    }

    private void tick() {
        long now = clock.millis();
        while (!timers.isEmpty() && timers.peek().due() <= now) {
            Timer t = timers.poll();
            LiveRun live = runs.get(t.runId());
            if (live != null && live.generation == t.generation() && !live.detached) {
                deliver(live, new EngineInput.TimerFired(t));
            }
        }
    }

    private boolean slotFree(LiveRun live) {
        return live.slots < maxPerRun && slotsInUse < maxInFlight;
    }

    private void occupy(LiveRun live) {
        live.slots++;
        slotsInUse++;
    }

    private void free(LiveRun live) {
        live.slots--;
        slotsInUse--;
        wakeStarved();
    }

    private void starve(LiveRun live) {
        if (!live.starved) {
            live.starved = true;
            starved.add(live);
        }
    }

    private void wakeStarved() {
        if (starved.isEmpty()) {
            return;
        }
        onEngine(() -> {
            while (slotsInUse < maxInFlight && !starved.isEmpty()) {
                LiveRun live = starved.poll();
                live.starved = false;
                drive(live);
            }
        });
    }

    private void transition(LiveRun live, Transition t, String step, Integer attempt, Failure failure, long now) {
        if (t.movesSettledStep()) {
            live.scope = null;
        }
        metrics.transition(t);
        live.events.add(Run.json(HistoryEvent.of(now, t, step, attempt, failure)));
        live.run.setUpdatedAt(now);
    }

    private void settled(LiveRun live, CompiledWorkflow.Step step, StepState s, String outcome, long now) {
        metrics.stepSettled(live.run.workflow(), step.id(), step.definition().function(), outcome, now - s.startedAt, s.attempt);
    }

    private void recordOverhead(LiveRun live) {
        if (live.answeredAt.isEmpty()) {
            return;
        }
        long committed = System.nanoTime();
        live.answeredAt.forEach((step, answered) -> {
            long total = live.overhead.getOrDefault(step, 0L) + committed - answered;
            metrics.overhead(live.run.workflow(), total);
        });
        live.answeredAt.clear();
        live.overhead.clear();
    }

    private static Duration timeout(CompiledWorkflow.Step step) {
        Duration t = step.definition().timeout();
        return t == null ? DEFAULT_TIMEOUT : t;
    }

    /**
     * What jq expressions see ({@code {input, steps: {<id>: {status, output}}}} of the settled steps), built once and
     * reused until a step settles or leaves a settled state: a fan-out starts a hundred steps on one scope.
     */
    private static JsonNode scope(LiveRun live) {
        if (live.scope == null) {
            live.scope = scope(live.run);
        }
        return live.scope;
    }

    private static JsonNode scope(Run run) {
        Map<String, JsonNode> outputs = new HashMap<>();
        Map<String, String> statuses = new HashMap<>();
        run.steps().forEach((id, s) -> {
            if (s.status.isSettled()) {
                statuses.put(id, s.status.name());
                outputs.put(id, s.output);
            }
        });
        return CompiledWorkflow.scope(run.input(), outputs, statuses);
    }

    /** For tests and the health check: runs driven here, calls in flight. */
    public record Load(int runs, int slotsInUse, int timers) {
    }

    public Load load() {
        return new Load(activeRuns, slotsInUse, timers.size());
    }

    List<String> idsIn(int partition) {
        List<String> ids = new ArrayList<>();
        runs.values().forEach(l -> {
            if (l.partition == partition) {
                ids.add(l.id());
            }
        });
        return ids;
    }
}
