package dev.agentfleet.coordinator.engine.core;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.Jq;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.MapItems;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepEvent;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepTransition;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * One round of deciding for one run: the moment it happens at, the slots it may still fill, and the decision it builds.
 * Every move goes through here, so each is taken by the table, recorded in the history and counted exactly once.
 */
final class Round {

    final RunState state;
    final Run run;
    final CompiledWorkflow workflow;
    final long now;
    final Decision decision = new Decision();
    private final Jq.Budget budget;
    private int slotsFree;

    Round(RunState state, long now, int slotsFree, Jq.Budget budget) {
        this.budget = budget;
        this.state = state;
        this.run = state.run();
        this.workflow = state.workflow();
        this.now = now;
        this.slotsFree = slotsFree;
    }

    /** Moves a step by the table and records the move. */
    StepTransition move(String step, StepEvent event, Integer attempt, Failure failure) {
        return move(step, event, attempt, failure, null);
    }

    /** Moves a step by the table and records the move, naming who asked for it (a signal's sender). */
    StepTransition move(String step, StepEvent event, Integer attempt, Failure failure, String by) {
        StepTransition t = run.move(step, event);
        if (t.movesSettledStep() && !MapItems.isItem(step)) { // items are not in the scope: their map step is, once settled
            state.scopeChanged();
        }
        record(t, HistoryEvent.of(now, t, step, attempt, failure).by(by));
        return t;
    }

    /** Moves the run by the table and records the move. */
    RunTransition move(RunEvent event, Failure failure) {
        return move(event, failure, null);
    }

    /** Moves the run by the table and records the move, naming who asked for it (pause, resume). */
    RunTransition move(RunEvent event, Failure failure, String by) {
        RunTransition t = run.move(event, now);
        record(t, HistoryEvent.of(now, t, null, null, failure).by(by));
        return t;
    }

    private void record(dev.agentfleet.coordinator.run.Transition t, HistoryEvent event) {
        decision.took(t, event);
        run.setUpdatedAt(now);
    }

    void effect(Effect effect) {
        decision.effect(effect);
    }

    void timer(TimerKind kind, long due, String step, int attempt) {
        decision.effect(new Effect.ScheduleTimer(kind, due, step, attempt));
    }

    StepState step(String id) {
        return run.step(id);
    }

    /** Whether another call of this run may start now: under the per-run limit and with a replica slot left. */
    boolean slotFree(int maxPerRun) {
        return run.runningSteps() < maxPerRun && slotsFree > 0;
    }

    void tookSlot() {
        slotsFree--;
    }

    /** The first result of an expression over the round's scope, within the engine's expression budget. */
    JsonNode evaluate(JsonQuery query) throws JsonQueryException {
        return Jq.first(query, state.scope(), budget);
    }

    /** The first result of an item's expression over the round's scope plus {@code .item} and {@code .index}. */
    JsonNode evaluateItem(JsonQuery query, JsonNode item, int index) throws JsonQueryException {
        com.fasterxml.jackson.databind.node.ObjectNode scope = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        state.scope().fields().forEachRemaining(f -> scope.set(f.getKey(), f.getValue()));
        scope.set("item", item);
        scope.put("index", index);
        return Jq.first(query, scope, budget);
    }

    /** {@code now + millis}, saturating instead of overflowing. */
    long after(long millis) {
        long sum = now + millis;
        return ((now ^ sum) & (millis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
