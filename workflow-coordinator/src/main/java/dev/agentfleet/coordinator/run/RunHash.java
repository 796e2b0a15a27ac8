package dev.agentfleet.coordinator.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a {@link Run} is laid out in Redis: its hash (a field per run attribute, {@code step:<id>} per step) and its
 * items hash (a map step's {@code i:<step>:<index>} and {@code m:<step>:<index>}, {@link MapItems}); what a first
 * write holds, what a commit writes of the changed fields, and how a run is read back.
 */
final class RunHash {

    private RunHash() {
    }

    /** Every field of a new run. */
    static Map<String, String> fields(Run run) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", run.id);
        fields.put("workflow", run.workflow);
        fields.put("version", run.version);
        fields.put("hash", run.definitionHash);
        fields.put("input", Run.json(run.input));
        fields.put("createdAt", String.valueOf(run.createdAt));
        if (run.deadlineAt != null) {
            fields.put("deadlineAt", String.valueOf(run.deadlineAt));
        }
        if (run.idempotencyKey != null) {
            fields.put("idempotencyKey", run.idempotencyKey);
        }
        if (run.startedBy != null) {
            fields.put("startedBy", run.startedBy);
        }
        if (run.traceparent != null) {
            fields.put("traceparent", run.traceparent);
        }
        if (run.parent != null) {
            fields.put("parent", run.parent);
            fields.put("depth", String.valueOf(run.depth));
        }
        fields.put("rev", String.valueOf(run.revision));
        for (String field : List.of("status", "updatedAt", "completions")) {
            fields.put(field, value(run, field));
        }
        run.steps.forEach((stepId, state) -> fields.put(Run.STEP_PREFIX + stepId, Run.json(state)));
        return fields;
    }

    /** The values of the changed fields. */
    static Map<String, String> changes(Run run, Set<String> dirty) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (String field : dirty) {
            changes.put(field, field.startsWith(Run.STEP_PREFIX) ? Run.json(run.steps.get(field.substring(Run.STEP_PREFIX.length())))
                    : MapItems.isItemsField(field) ? itemsValue(run, field) : value(run, field));
        }
        return changes;
    }

    /** The fields a run changes after its start, read back; its items ({@code maps}) as read from the items hash. */
    static void readMutable(Run run, Map<String, String> h, Map<String, MapItems> maps) {
        run.parent = h.get("parent");
        run.depth = Integer.parseInt(h.getOrDefault("depth", "0"));
        run.status = RunStatus.valueOf(h.get("status"));
        run.outcome = h.getOrDefault("outcome", "").isEmpty() ? null : RunStatus.valueOf(h.get("outcome"));
        run.output = h.containsKey("output") ? Run.read(h.get("output"), JsonNode.class) : null;
        run.error = h.containsKey("error") ? Run.read(h.get("error"), Failure.class) : null;
        run.updatedAt = Long.parseLong(h.get("updatedAt"));
        run.finishedAt = longOrNull(h.get("finishedAt"));
        run.notified = "1".equals(h.get("notified"));
        run.controls = Controls.fromHash(h);
        run.completions = Integer.parseInt(h.getOrDefault("completions", "0"));
        run.redrives = Integer.parseInt(h.getOrDefault("redrives", "0"));
        run.revision = Long.parseLong(h.get("rev"));
        run.maps.putAll(maps);
        run.running = (int) run.steps.entrySet().stream()
                .filter(e -> e.getValue().status == StepStatus.RUNNING && !maps.containsKey(e.getKey())).count();
        for (MapItems m : maps.values()) {
            for (int i = 0; i < m.size(); i++) {
                run.running += m.state(i).status == StepStatus.RUNNING ? 1 : 0;
            }
        }
    }

    private static String itemsValue(Run run, String field) {
        String rest = field.substring(2);
        int colon = rest.lastIndexOf(':');
        MapItems m = run.maps.get(rest.substring(0, colon));
        int index = Integer.parseInt(rest.substring(colon + 1));
        return field.startsWith(MapItems.INPUT_PREFIX) ? Run.json(m.item(index)) : Run.json(m.state(index));
    }

    private static String value(Run run, String field) {
        return switch (field) {
            case "status" -> run.status.name();
            case "outcome" -> run.outcome == null ? "" : run.outcome.name();
            case "output" -> Run.json(run.output);
            case "error" -> Run.json(run.error);
            case "updatedAt" -> String.valueOf(run.updatedAt);
            case "finishedAt" -> String.valueOf(run.finishedAt);
            case "notified" -> run.notified ? "1" : "0";
            case "completions" -> String.valueOf(run.completions);
            case "redrives" -> String.valueOf(run.redrives);
            case "deadlineAt" -> run.deadlineAt == null ? "" : String.valueOf(run.deadlineAt);
            default -> throw new IllegalArgumentException("not a mutable run field: " + field);
        };
    }

    static Long longOrNull(String value) {
        return value == null || value.isEmpty() || value.equals("null") ? null : Long.valueOf(value);
    }
}
