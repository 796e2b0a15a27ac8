package dev.agentfleet.coordinator.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A run's durable state, as one Redis hash: a field per run attribute and one per step ({@code step:<id>}, JSON).
 * Setters remember which fields changed, so a commit writes only those. Times are epoch milliseconds. The statuses of
 * the run and of its steps change only through {@link #move(RunEvent, long)} and {@link #move(String, StepEvent)}, which
 * take the move from the transition tables ({@link RunTransition}, {@link StepTransition}) or fail loudly.
 *
 * <p>Not thread-safe: the engine touches a run only on its event loop.
 */
public final class Run {

    public static final String STEP_PREFIX = "step:";
    static final ObjectMapper JSON = JsonMapper.builder().build();

    final String id;
    final String workflow;
    final String version;
    final String definitionHash;
    final JsonNode input;
    final long createdAt;
    Long deadlineAt;
    final String idempotencyKey;
    /** Who started it: {@code user:<token name>} over HTTP, {@code event:<source>} from a CloudEvent; null before 0.2. */
    final String startedBy;
    final String traceparent;
    /** The run and step that started this one ({@code <run>/<step>}), for a sub-workflow's run; null for a top-level run. */
    String parent;
    /** How deep in its run tree: 0 at the top, 1 for a child. */
    int depth;
    final Map<String, StepState> steps;
    /** The items of the map steps that started, by step ({@link MapItems}: kept in the run's items hash). */
    final Map<String, MapItems> maps = new LinkedHashMap<>();

    RunStatus status;
    /** Where a compensating run ends: FAILED or CANCELLED. */
    RunStatus outcome;
    JsonNode output;
    Failure error;
    long updatedAt;
    Long finishedAt;
    boolean notified;
    /** What people asked of the run, as last read from its hash. */
    Controls controls = Controls.NONE;
    int completions;
    /** Redrives carried out. */
    int redrives;
    long revision;
    /** Steps RUNNING: an attempt each in flight (what the concurrency limits count). */
    int running;

    private final Set<String> dirty = new LinkedHashSet<>();

    private Run(String id, String workflow, String version, String definitionHash, JsonNode input, long createdAt,
            Long deadlineAt, String idempotencyKey, String startedBy, String traceparent, Map<String, StepState> steps) {
        this.id = id;
        this.workflow = workflow;
        this.version = version;
        this.definitionHash = definitionHash;
        this.input = input;
        this.createdAt = createdAt;
        this.deadlineAt = deadlineAt;
        this.idempotencyKey = idempotencyKey;
        this.startedBy = startedBy;
        this.traceparent = traceparent;
        this.steps = steps;
    }

    /** A new run, every step PENDING, at revision 0. */
    public static Run start(String id, String workflow, String version, String definitionHash, JsonNode input, long now,
            Long deadlineAt, String idempotencyKey, String startedBy, String traceparent, List<String> stepIds) {
        Map<String, StepState> steps = new LinkedHashMap<>();
        stepIds.forEach(s -> steps.put(s, new StepState()));
        Run run = new Run(id, workflow, version, definitionHash, input, now, deadlineAt, idempotencyKey, startedBy, traceparent, steps);
        run.status = RunTransition.of(null, RunEvent.START).to();
        run.updatedAt = now;
        return run;
    }

    /** A new run started by a step of another ({@code <run>/<step>}), {@code depth} levels below the top. */
    public Run childOf(String parentStep, int depthInTree) {
        this.parent = parentStep;
        this.depth = depthInTree;
        return this;
    }

    public String parent() {
        return parent;
    }

    public int depth() {
        return depth;
    }

    /** Every field, for the first write. */
    public Map<String, String> fields() {
        dirty.clear();
        return RunHash.fields(this);
    }

    /** Reads a run back from its hash and its items hash's fields (takeover, reload). */
    public static Run fromHash(Map<String, String> h) {
        return fromHash(h, true);
    }

    /**
     * Reads a run back from its hash alone, for a view: its map steps' counters are there, their items are not read (a
     * 10,000-item map is paged through on its own).
     */
    public static Run withoutItems(Map<String, String> h) {
        return fromHash(h, false);
    }

    private static Run fromHash(Map<String, String> h, boolean withItems) {
        Map<String, StepState> steps = new LinkedHashMap<>();
        h.forEach((field, value) -> {
            if (field.startsWith(STEP_PREFIX)) {
                steps.put(field.substring(STEP_PREFIX.length()), read(value, StepState.class));
            }
        });
        Run run = new Run(h.get("id"), h.get("workflow"), h.get("version"), h.get("hash"), read(h.get("input"), JsonNode.class),
                Long.parseLong(h.get("createdAt")), RunHash.longOrNull(h.get("deadlineAt")), h.get("idempotencyKey"),
                h.get("startedBy"), h.get("traceparent"), steps);
        RunHash.readMutable(run, h, withItems ? MapItems.read(h, steps) : Map.of());
        return run;
    }


    /** The fields changed since the last call, with their values; forgets them. */
    public Map<String, String> takeChanges() {
        Map<String, String> changes = RunHash.changes(this, dirty);
        dirty.clear();
        return changes;
    }

    public boolean hasChanges() {
        return !dirty.isEmpty();
    }

    /**
     * Moves a step, or a map step's item ({@code <step>/<index>}), by {@link StepTransition}'s table: the only way their
     * status changes. A map step itself has no call in flight: only its items count as running.
     */
    public StepTransition move(String stepId, StepEvent event) {
        StepState state = step(stepId);
        StepTransition t = StepTransition.of(state.status, event);
        if (!maps.containsKey(stepId)) {
            if (t.from() == StepStatus.RUNNING) {
                running--;
            }
            if (t.to() == StepStatus.RUNNING) {
                running++;
            }
        }
        state.status = t.to();
        if (MapItems.isItem(stepId)) {
            maps.get(MapItems.stepOf(stepId)).moved(MapItems.indexOf(stepId), t);
        }
        touch(stepId);
        return t;
    }

    /**
     * A map step starts over {@code items}: each one PENDING, written to the items hash with the next commit. Call it
     * before the step's own move to RUNNING.
     */
    public MapItems startMap(String stepId, List<JsonNode> items) {
        MapItems m = new MapItems(stepId, items);
        maps.put(stepId, m);
        steps.get(stepId).items = items.size();
        for (int i = 0; i < items.size(); i++) {
            dirty.add(MapItems.inputField(stepId, i));
        }
        touch(stepId);
        return m;
    }

    /**
     * A map step that was undone runs every item again (a redrive): the same items, each a fresh PENDING state whose
     * attempt numbers go on from its last (new delivery keys).
     */
    public MapItems restartMap(String stepId) {
        MapItems m = MapItems.restarted(maps.get(stepId));
        for (int i = 0; i < m.size(); i++) {
            dirty.add(MapItems.stateField(stepId, i));
        }
        maps.put(stepId, m);
        return m;
    }

    /** The items of a map step that started, or null. */
    public MapItems map(String stepId) {
        return maps.get(stepId);
    }

    /** What later expressions see as a settled step's output: a map step's is its items' results, in input order. */
    public JsonNode output(String stepId) {
        MapItems m = maps.get(stepId);
        return m != null ? m.results() : steps.get(stepId).output;
    }

    /** Moves the run by {@link RunTransition}'s table: the only way its status changes after {@link #start}. */
    public RunTransition move(RunEvent event, long now) {
        RunTransition t = RunTransition.of(status, event);
        setStatus(t.to(), now);
        return t;
    }

    /** How many steps have an attempt in flight. */
    public int runningSteps() {
        return running;
    }

    /**
     * The step's state, or a map item's ({@code <step>/<index>}); call {@link #touch(String)} after changing its fields
     * (its status: {@link #move(String, StepEvent)}).
     */
    public StepState step(String stepId) {
        if (MapItems.isItem(stepId)) {
            return maps.get(MapItems.stepOf(stepId)).state(MapItems.indexOf(stepId));
        }
        return steps.get(stepId);
    }

    public Map<String, StepState> steps() {
        return Collections.unmodifiableMap(steps);
    }

    /** Marks a step (or a map item) as changed. */
    public void touch(String stepId) {
        dirty.add(MapItems.isItem(stepId) ? MapItems.stateField(MapItems.stepOf(stepId), MapItems.indexOf(stepId)) : STEP_PREFIX + stepId);
    }

    public int nextCompletion() {
        completions++;
        dirty.add("completions");
        return completions;
    }

    private void setStatus(RunStatus status, long now) {
        this.status = status;
        dirty.add("status");
        setUpdatedAt(now);
        if (status.isFinal()) {
            finishedAt = now;
            dirty.add("finishedAt");
        }
    }

    public void setUpdatedAt(long now) {
        updatedAt = now;
        dirty.add("updatedAt");
    }

    public void setOutcome(RunStatus outcome, Failure error) {
        this.outcome = outcome;
        this.error = error;
        dirty.add("outcome");
        if (error != null) {
            dirty.add("error");
        }
    }

    public void setOutput(JsonNode output) {
        this.output = output;
        dirty.add("output");
    }

    /**
     * The run continues after it failed or was cancelled: its outcome, error, finish and notification are cleared, its
     * deadline starts again ({@code deadlineAt}, null for none) and the redrive is counted. Its status moves by the table.
     */
    public void redriven(int redrivesCarriedOut, Long deadlineAt) {
        this.redrives = redrivesCarriedOut;
        this.deadlineAt = deadlineAt;
        this.outcome = null;
        this.error = null;
        this.finishedAt = null;
        this.notified = false;
        dirty.addAll(List.of("redrives", "deadlineAt", "outcome", "error", "finishedAt", "notified"));
    }

    public int redrives() {
        return redrives;
    }

    public void setNotified() {
        notified = true;
        dirty.add("notified");
    }

    public void committed() {
        revision++;
    }

    public String id() {
        return id;
    }

    public String workflow() {
        return workflow;
    }

    public String version() {
        return version;
    }

    public String definitionHash() {
        return definitionHash;
    }

    public JsonNode input() {
        return input;
    }

    public long createdAt() {
        return createdAt;
    }

    public Long deadlineAt() {
        return deadlineAt;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String startedBy() {
        return startedBy;
    }

    public String traceparent() {
        return traceparent;
    }

    public RunStatus status() {
        return status;
    }

    public RunStatus outcome() {
        return outcome;
    }

    public JsonNode output() {
        return output;
    }

    public Failure error() {
        return error;
    }

    public Long finishedAt() {
        return finishedAt;
    }

    public boolean notified() {
        return notified;
    }

    public Long cancelRequestedAt() {
        return controls.cancelRequestedAt();
    }

    public Controls controls() {
        return controls;
    }

    /** What the request scripts wrote to the hash, read again by the owner; nothing to commit. */
    public void controls(Controls latest) {
        controls = latest;
    }

    public long revision() {
        return revision;
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read", e);
        }
    }
}
