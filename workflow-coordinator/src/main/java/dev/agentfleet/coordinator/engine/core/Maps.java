package dev.agentfleet.coordinator.engine.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.RetryPolicy;
import dev.agentfleet.coordinator.definition.StepDefinition;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.MapItems;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/**
 * The {@code map} step: one call per element of an array. When the step is reached its {@code items} expression selects
 * the array, kept with the run ({@link MapItems}); the step is RUNNING while its items move, each by the step table like
 * a step of its own (addressed {@code <step>/<index>}, so its delivery keys are {@code <run>/<step>/<index>/<attempt>}):
 * at most {@code maxConcurrency} in flight (and within the run's and the replica's limits), each retried by the step's
 * policy, timed out by its timeout. The step succeeds once every item has settled with no more failures than tolerated,
 * and fails as soon as more have failed (what is in flight is abandoned; items never started stay PENDING, so a redrive
 * starts them, and runs the failed ones again under new attempt numbers).
 */
final class Maps {

    private final RunCore core;
    private final Attempts attempts;
    private final RandomGenerator random;

    Maps(RunCore core, Attempts attempts, RandomGenerator random) {
        this.core = core;
        this.attempts = attempts;
        this.random = random;
    }

    static boolean isMap(CompiledWorkflow.Step step) {
        return step.definition().map() != null;
    }

    /** A ready map step: its condition, then its items (kept from before on a redrive); false when the run failed instead. */
    boolean start(Round r, CompiledWorkflow.Step step) {
        Boolean holds = attempts.condition(r, step);
        if (holds == null) {
            return false;
        }
        if (!holds) {
            return true;
        }
        StepState s = r.step(step.id());
        if (r.run.map(step.id()) == null) {
            JsonNode items;
            try {
                items = r.evaluate(step.items());
            } catch (Exception e) {
                core.inputFailed(r, step, "its map items expression failed: " + e.getMessage());
                return false;
            }
            if (!items.isArray()) {
                core.inputFailed(r, step, "its map items expression must give an array, gave " + items.getNodeType().name().toLowerCase());
                return false;
            }
            if (items.size() > StepDefinition.MapOver.MAX_ITEMS) {
                core.inputFailed(r, step, "its map items expression gave " + items.size() + " items, more than the "
                        + StepDefinition.MapOver.MAX_ITEMS + " a map step takes");
                return false;
            }
            List<JsonNode> list = new ArrayList<>(items.size());
            items.forEach(list::add);
            r.run.startMap(step.id(), list);
        }
        s.attempt++;
        s.startedAt = r.now;
        s.attemptStartedAt = r.now;
        counted(r, step);
        r.move(step.id(), StepEvent.START, s.attempt, null);
        progress(r, step);
        return true;
    }

    /**
     * A RUNNING map step moves on: it fails when more items failed than tolerated, starts what may start, and succeeds
     * once every item settled. True when the step settled (what later expressions see changed).
     */
    boolean progress(Round r, CompiledWorkflow.Step step) {
        MapItems m = r.run.map(step.id());
        StepDefinition.MapOver map = step.definition().map();
        if (m.failed() > map.tolerated(m.size())) {
            failStep(r, step, m);
            return true;
        }
        fill(r, step, m, map.maxConcurrency());
        if (r.run.status() != RunStatus.RUNNING) {
            return true;
        }
        if (m.failed() > map.tolerated(m.size())) {
            failStep(r, step, m);
            return true;
        }
        if (m.allSettled()) {
            StepState s = r.step(step.id());
            s.finishedAt = r.now;
            s.error = null;
            s.completedSeq = r.run.nextCompletion();
            r.move(step.id(), StepEvent.SUCCEED, s.attempt, null);
            RunCore.settled(r, step, s, "succeeded");
            return true;
        }
        return false;
    }

    /** Starts items (retries due first, then those never started) while the map, the run and the replica have room. */
    private void fill(Round r, CompiledWorkflow.Step step, MapItems m, int maxConcurrency) {
        for (int index : m.retryingDue(r.now)) {
            if (m.running() >= maxConcurrency || !slotFree(r)) {
                return;
            }
            start(r, step, m, index, StepEvent.RETRY_NOW);
        }
        while (m.running() < maxConcurrency) {
            int index = m.nextPending();
            if (index < 0) {
                return;
            }
            if (!slotFree(r)) {
                m.putBack(index);
                return;
            }
            start(r, step, m, index, StepEvent.START);
        }
    }

    /** Whether the run and the replica have room for another call; when not, the run is woken once a slot frees. */
    private boolean slotFree(Round r) {
        if (r.slotFree(core.maxParallelPerRun())) {
            return true;
        }
        r.decision.starved();
        return false;
    }

    /** An item's next attempt ({@code START}: its first, or the first after a redrive; {@code RETRY_NOW}: after a backoff). */
    private static void start(Round r, CompiledWorkflow.Step step, MapItems m, int index, StepEvent event) {
        String address = MapItems.address(step.id(), index);
        JsonNode input = itemInput(r, step, m, index, true);
        if (input == null) {
            failItemInput(r, address);
            return;
        }
        StepState item = r.step(address);
        if (event == StepEvent.START) {
            if (item.attempt > 0) {
                item.attemptBase = item.attempt; // redriven: numbers go on, the retry policy counts afresh
            }
            item.startedAt = r.now;
        }
        startItem(r, step, address, item.attempt + 1, input, event);
    }

    private static void startItem(Round r, CompiledWorkflow.Step step, String address, int attempt, JsonNode input, StepEvent event) {
        StepState item = r.step(address);
        item.attempt = attempt;
        item.attemptStartedAt = r.now;
        item.retryAt = null;
        r.move(address, event, attempt, null);
        r.tookSlot();
        call(r, step, address, attempt, input, false);
    }

    private static void call(Round r, CompiledWorkflow.Step step, String address, int attempt, JsonNode input, boolean again) {
        Duration timeout = RunCore.timeout(step);
        r.effect(new Effect.StartCall(address, step.function(false), attempt, input, timeout, again));
        r.timer(TimerKind.STEP_TIMEOUT, r.after(timeout.toMillis()), address, attempt);
    }

    /** The input of an item's attempt: the step's input over {@code {input, steps, item, index}}; null when it fails. */
    /**
     * The item's input, or null when its expression fails: the failure is then recorded on the item when
     * {@code record} (a first call), and not when the call is only sent again (it evaluated before).
     */
    private static JsonNode itemInput(Round r, CompiledWorkflow.Step step, MapItems m, int index, boolean record) {
        try {
            return r.evaluateItem(step.input(false), m.item(index), index);
        } catch (Exception e) {
            if (record) {
                r.step(MapItems.address(step.id(), index)).error = Failure.of(FailureKind.INPUT, "its input expression failed: " + e.getMessage());
            }
            return null;
        }
    }

    private static void failItemInput(Round r, String address) {
        StepState item = r.step(address);
        item.finishedAt = r.now;
        r.move(address, StepEvent.INPUT_FAILED, item.attempt, item.error);
        r.decision.itemSettled("failed");
        counted(r, r.workflow.step(MapItems.stepOf(address)));
    }

    /** An item's call answered (or failed to). */
    void answered(Round r, Input.CallAnswered a) {
        StepState item = r.step(a.step());
        if (item.status() != StepStatus.RUNNING || item.attempt != a.attempt()) {
            return; // late: that attempt was settled already (timed out, abandoned)
        }
        CompiledWorkflow.Step step = r.workflow.step(MapItems.stepOf(a.step()));
        CallOutcome outcome = a.outcome();
        if (!outcome.succeeded() && outcome.failure().kind() == FailureKind.IN_FLIGHT) {
            r.timer(TimerKind.REDISPATCH, r.after(outcome.retryAfterMs()), a.step(), a.attempt());
            return;
        }
        r.effect(new Effect.RecordCall(step.function(false), !outcome.countsAgainstBreaker()));
        if (outcome.succeeded()) {
            r.decision.answered(a.step(), a.answeredAtNanos());
            item.output = outcome.output();
            item.error = null;
            item.finishedAt = r.now;
            r.move(a.step(), StepEvent.SUCCEED, a.attempt(), null);
            r.decision.itemSettled("succeeded");
        } else {
            itemFailed(r, step, a.step(), item, outcome.failure());
        }
        counted(r, step);
    }

    private void itemFailed(Round r, CompiledWorkflow.Step step, String address, StepState item, Failure failure) {
        RetryPolicy policy = step.definition().retry();
        item.error = failure;
        int made = item.attempt - (item.attemptBase == null ? 0 : item.attemptBase);
        if (policy.retries(made, failure.kind())) {
            item.retryAt = r.after(policy.withJitter(policy.delayFor(made), random.nextDouble()).toMillis());
            r.move(address, StepEvent.RETRY_LATER, item.attempt, failure);
            r.timer(TimerKind.RETRY, item.retryAt, address, item.attempt);
        } else {
            item.finishedAt = r.now;
            r.move(address, StepEvent.FAIL, item.attempt, failure);
            r.decision.itemSettled("failed");
        }
    }

    /** A timer of an item came due. */
    void timerFired(Round r, Input.TimerFired t) {
        StepState item = r.step(t.step());
        boolean current = item.status() == StepStatus.RUNNING && item.attempt == t.attempt();
        CompiledWorkflow.Step step = r.workflow.step(MapItems.stepOf(t.step()));
        if (t.kind() == TimerKind.STEP_TIMEOUT && current) {
            r.effect(new Effect.CancelCall(t.step(), false));
            answered(r, new Input.CallAnswered(t.step(), t.attempt(), false,
                    CallOutcome.failure(FailureKind.TIMEOUT, "no answer within " + RunCore.timeout(step), null, 0), 0));
        } else if (t.kind() == TimerKind.REDISPATCH && current) {
            MapItems m = r.run.map(step.id());
            int index = MapItems.indexOf(t.step());
            JsonNode input = itemInput(r, step, m, index, false);
            call(r, step, t.step(), t.attempt(), input, true);
        }
        // RETRY: progress() starts the item's next attempt now that its retryAt has passed
    }

    /** A map step read back from Redis: its items in flight sent again under the same keys, their retries re-armed. */
    void resume(Round r, CompiledWorkflow.Step step) {
        MapItems m = r.run.map(step.id());
        for (int index : m.in(StepStatus.RUNNING)) {
            String address = MapItems.address(step.id(), index);
            call(r, step, address, r.step(address).attempt, itemInput(r, step, m, index, false), true);
        }
        for (int index : m.in(StepStatus.WAITING_RETRY)) {
            String address = MapItems.address(step.id(), index);
            r.timer(TimerKind.RETRY, r.step(address).retryAt, address, r.step(address).attempt);
        }
    }

    /** The run ends, or the step fails: items in flight or waiting to retry are abandoned; those never started stay. */
    static void abandon(Round r, CompiledWorkflow.Step step) {
        MapItems m = r.run.map(step.id());
        if (m == null) {
            return;
        }
        for (int index : m.in(StepStatus.RUNNING)) {
            String address = MapItems.address(step.id(), index);
            r.effect(new Effect.CancelCall(address, false));
            r.step(address).finishedAt = r.now;
            r.move(address, StepEvent.RUN_ENDED, r.step(address).attempt, null);
        }
        for (int index : m.in(StepStatus.WAITING_RETRY)) {
            String address = MapItems.address(step.id(), index);
            r.step(address).finishedAt = r.now;
            r.step(address).retryAt = null;
            r.move(address, StepEvent.RUN_ENDED, r.step(address).attempt, null);
        }
    }

    private void failStep(Round r, CompiledWorkflow.Step step, MapItems m) {
        abandon(r, step);
        List<Integer> failed = m.in(StepStatus.FAILED);
        Failure first = r.step(MapItems.address(step.id(), failed.get(0))).error;
        Failure failure = new Failure(first == null ? FailureKind.STEP_FAILED : first.kind(), failed.size() + " of " + m.size()
                + " items failed, " + step.definition().map().tolerated(m.size()) + " tolerated; item " + failed.get(0)
                + (first == null ? "" : ": " + first.message()), first == null ? null : first.status(), null);
        core.stepFailed(r, step, r.step(step.id()), failure);
    }

    /** The item's input as it was built for the attempt in flight (the scope is the same), or null if it no longer builds. */
    /** The map step's counters, for its view. */
    private static void counted(Round r, CompiledWorkflow.Step step) {
        MapItems m = r.run.map(step.id());
        StepState s = r.step(step.id());
        s.itemsSucceeded = m.succeeded();
        s.itemsFailed = m.failed();
        r.run.touch(step.id());
    }
}
