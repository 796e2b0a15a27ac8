package dev.agentfleet.coordinator.run;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The items of a {@code map} step: the array its {@code items} expression selected when the step started, and one
 * {@link StepState} per item, which moves by the same step table as a step that calls a function ({@code PENDING ->
 * RUNNING -> SUCCEEDED}, retries, failures). Kept outside the run's hash, in the run's items hash (one field per item and
 * per item state: {@code i:<step>:<index>}, {@code m:<step>:<index>}), so a map of 10,000 items never grows one value of
 * the run: a round writes the items it moved, nothing else. An item that never started has no state field (it is
 * PENDING). An item is addressed as {@code <step>/<index>}: in history entries, timers, calls, and so in its delivery keys
 * ({@code <run>/<step>/<index>/<attempt>}).
 *
 * <p>Not thread-safe: the engine touches a run only on its event loop.
 */
public final class MapItems {

    static final String INPUT_PREFIX = "i:";
    static final String STATE_PREFIX = "m:";

    private final String step;
    private final List<JsonNode> items;
    private final StepState[] states;
    /** PENDING items not yet started, in index order (what a map starts next). */
    private final ArrayDeque<Integer> pending = new ArrayDeque<>();
    private int succeeded;
    private int failed;
    private int settled;
    private int running;
    /** Items waiting to retry (WAITING_RETRY). */
    private final java.util.TreeSet<Integer> retrying = new java.util.TreeSet<>();

    MapItems(String step, List<JsonNode> items) {
        this.step = step;
        this.items = items;
        this.states = new StepState[items.size()];
        for (int i = 0; i < states.length; i++) {
            states[i] = new StepState();
            pending.add(i);
        }
    }

    /** The items of every map step that started ({@code items} set on its state), from the items hash's fields. */
    static Map<String, MapItems> read(Map<String, String> h, Map<String, StepState> steps) {
        Map<String, MapItems> maps = new LinkedHashMap<>();
        steps.forEach((stepId, state) -> {
            if (state.items != null) {
                List<JsonNode> items = new ArrayList<>(state.items);
                for (int i = 0; i < state.items; i++) {
                    String item = h.get(MapItems.inputField(stepId, i));
                    if (item == null) {
                        throw new IllegalStateException("item " + i + " of map step " + stepId + " is missing from the items hash");
                    }
                    items.add(Run.read(item, JsonNode.class));
                }
                MapItems m = new MapItems(stepId, items);
                for (int i = 0; i < state.items; i++) {
                    String itemState = h.get(MapItems.stateField(stepId, i));
                    if (itemState != null) {
                        m.restore(i, Run.read(itemState, StepState.class));
                    }
                }
                m.indexed();
                maps.put(stepId, m);
            }
        });
        return maps;
    }

    /** The same items, each a fresh PENDING state whose attempt numbers go on from its last (new delivery keys). */
    static MapItems restarted(MapItems before) {
        List<JsonNode> items = new ArrayList<>(before.size());
        for (int i = 0; i < before.size(); i++) {
            items.add(before.item(i));
        }
        MapItems m = new MapItems(before.step, items);
        for (int i = 0; i < before.size(); i++) {
            StepState fresh = m.state(i);
            fresh.attempt = before.state(i).attempt;
            fresh.attemptBase = fresh.attempt == 0 ? null : fresh.attempt;
        }
        m.indexed();
        return m;
    }

    /** The item states as read back from the items hash (absent ones are PENDING). */
    void restore(int index, StepState state) {
        states[index] = state;
    }

    /** After every state is restored: the counters and the queue of pending items. */
    void indexed() {
        pending.clear();
        succeeded = 0;
        failed = 0;
        settled = 0;
        running = 0;
        retrying.clear();
        for (int i = 0; i < states.length; i++) {
            counted(states[i].status, +1);
            if (states[i].status == StepStatus.PENDING) {
                pending.add(i);
            } else if (states[i].status == StepStatus.WAITING_RETRY) {
                retrying.add(i);
            }
        }
    }

    /** Keeps the counters right as an item moves. */
    void moved(int index, StepTransition t) {
        counted(t.from(), -1);
        counted(t.to(), +1);
        if (t.to() == StepStatus.PENDING) {
            pending.add(index); // redriven
        }
        if (t.from() == StepStatus.WAITING_RETRY) {
            retrying.remove(index);
        }
        if (t.to() == StepStatus.WAITING_RETRY) {
            retrying.add(index);
        }
    }

    private void counted(StepStatus status, int by) {
        if (status.isSettled()) {
            settled += by;
        }
        if (status == StepStatus.RUNNING) {
            running += by;
        }
        if (status == StepStatus.SUCCEEDED) {
            succeeded += by;
        } else if (status == StepStatus.FAILED) {
            failed += by;
        }
    }

    public static String address(String step, int index) {
        return step + "/" + index;
    }

    /** Whether {@code id} addresses an item ({@code <step>/<index>}) rather than a step (step ids hold no slash). */
    public static boolean isItem(String id) {
        return id != null && id.indexOf('/') > 0;
    }

    public static String stepOf(String address) {
        return address.substring(0, address.indexOf('/'));
    }

    public static int indexOf(String address) {
        return Integer.parseInt(address.substring(address.indexOf('/') + 1));
    }

    public String step() {
        return step;
    }

    public int size() {
        return states.length;
    }

    public JsonNode item(int index) {
        return items.get(index);
    }

    public StepState state(int index) {
        return states[index];
    }

    /** The next item never started, taken off the queue; -1 when none is left. */
    public int nextPending() {
        while (!pending.isEmpty()) {
            int next = pending.poll();
            if (states[next].status == StepStatus.PENDING) {
                return next;
            }
        }
        return -1;
    }

    /** Gives back an item taken by {@link #nextPending()} that could not start now (no slot): it goes first next time. */
    public void putBack(int index) {
        pending.addFirst(index);
    }

    /** Items whose backoff is over at {@code now}, in index order. */
    public List<Integer> retryingDue(long now) {
        List<Integer> due = new ArrayList<>();
        for (int index : retrying) {
            if (states[index].retryAt == null || states[index].retryAt <= now) {
                due.add(index);
            }
        }
        return due;
    }

    /** Items with an attempt in flight. */
    public int running() {
        return running;
    }

    public int succeeded() {
        return succeeded;
    }

    public int failed() {
        return failed;
    }

    /** Whether every item has settled (succeeded, failed, or cancelled). */
    public boolean allSettled() {
        return settled == states.length;
    }

    /** The results in input order: each succeeded item's output, null for the others. */
    public ArrayNode results() {
        ArrayNode results = JsonNodeFactory.instance.arrayNode(states.length);
        for (StepState s : states) {
            results.add(s.status == StepStatus.SUCCEEDED && s.output != null ? s.output : JsonNodeFactory.instance.nullNode());
        }
        return results;
    }

    /** Indexes of the items in {@code status}. */
    public List<Integer> in(StepStatus status) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            if (states[i].status == status) {
                found.add(i);
            }
        }
        return found;
    }

    static String inputField(String step, int index) {
        return INPUT_PREFIX + step + ":" + index;
    }

    static String stateField(String step, int index) {
        return STATE_PREFIX + step + ":" + index;
    }

    /** Whether a field of the run's hashes belongs to the items hash. */
    public static boolean isItemsField(String field) {
        return field.startsWith(INPUT_PREFIX) || field.startsWith(STATE_PREFIX);
    }
}
