package dev.agentfleet.coordinator.engine.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.Transition;

/**
 * What {@link RunCore#decide} concluded for one round of a run: the transitions it took (each with its history entry),
 * the effects to carry out once they are committed, and what the loop measures. The state itself is the {@code Run},
 * changed in place (its changed fields are what the commit writes).
 */
public final class Decision {

    /** A step that settled this round, for the step metrics. */
    public record Settled(String step, String function, String outcome, long millis, int attempts) {
    }

    /** What the commit writes besides the changed fields. */
    public enum Finish {
        /** The run goes on. */
        NONE,
        /** It finished this round; its completion event is not delivered yet, so it stays active. */
        FINISHED,
        /** Done with here: it leaves the active set and its keys expire after the retention. */
        RETIRE
    }

    private final List<Transition> transitions = new ArrayList<>();
    private final List<HistoryEvent> history = new ArrayList<>();
    private final List<Effect> effects = new ArrayList<>();
    private final List<Settled> settled = new ArrayList<>();
    private final Set<String> ready = new LinkedHashSet<>();
    private final Map<String, Long> answered = new LinkedHashMap<>();
    private final Map<String, Integer> itemsSettled = new LinkedHashMap<>();
    private RunStatus finished;
    private boolean starved;

    void took(Transition transition, HistoryEvent event) {
        transitions.add(transition);
        history.add(event);
    }

    void effect(Effect effect) {
        effects.add(effect);
    }

    void settled(Settled step) {
        settled.add(step);
    }

    /** A map step's item settled, {@code succeeded} or {@code failed}. */
    void itemSettled(String outcome) {
        itemsSettled.merge(outcome, 1, Integer::sum);
    }

    void ready(String step) {
        ready.add(step);
    }

    void answered(String step, long answeredAtNanos) {
        answered.put(step, answeredAtNanos);
    }

    void finished(RunStatus status) {
        finished = status;
    }

    void starved() {
        starved = true;
    }

    public List<Transition> transitions() {
        return transitions;
    }

    public List<HistoryEvent> history() {
        return history;
    }

    public List<Effect> effects() {
        return effects;
    }

    public List<Settled> settledSteps() {
        return settled;
    }

    /** How many map items settled this round, by outcome. */
    public Map<String, Integer> itemsSettled() {
        return itemsSettled;
    }

    /** Steps found ready to start their first attempt this round (started, or waiting for a slot). */
    public Set<String> readySteps() {
        return ready;
    }

    /** Steps whose attempt succeeded this round, with when the answer arrived (System.nanoTime). */
    public Map<String, Long> answeredSteps() {
        return answered;
    }

    /** The status the run finished with this round, or null. */
    public RunStatus finishedWith() {
        return finished;
    }

    /** Some ready step could not start for want of a free slot: wake the run when one frees. */
    public boolean starvedForSlots() {
        return starved;
    }

    public Finish finish() {
        if (effects.stream().anyMatch(Effect.Retire.class::isInstance)) {
            return Finish.RETIRE;
        }
        return finished != null ? Finish.FINISHED : Finish.NONE;
    }
}
