package dev.agentfleet.coordinator.api;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepStatus;

/** How runs look over HTTP: times as ISO-8601, steps in definition order with their function, attempts and timings. */
final class RunViews {

    private RunViews() {
    }

    /** A run whose hash cannot be read (or whose definition is gone): its raw scalar fields and why. */
    static ObjectNode unreadable(ObjectMapper mapper, Map<String, String> hash, RuntimeException why) {
        ObjectNode view = mapper.createObjectNode();
        for (String field : java.util.List.of("id", "workflow", "version", "hash", "status", "quarantine")) {
            if (hash.get(field) != null) {
                view.put(field.equals("hash") ? "definitionHash" : field, hash.get(field));
            }
        }
        view.put("unreadable", why.getClass().getSimpleName() + (why.getMessage() == null ? "" : ": " + why.getMessage()));
        return view;
    }

    static ObjectNode run(ObjectMapper mapper, Map<String, String> hash, CompiledWorkflow workflow) {
        Run run = Run.withoutItems(hash);
        ObjectNode view = mapper.createObjectNode();
        view.put("id", run.id());
        view.put("workflow", run.workflow());
        view.put("version", run.version());
        view.put("definitionHash", run.definitionHash());
        if (run.startedBy() != null) {
            view.put("startedBy", run.startedBy());
        }
        if (run.parent() != null) {
            ObjectNode parent = view.putObject("parent");
            parent.put("run", run.parent().substring(0, run.parent().indexOf('/')));
            parent.put("step", run.parent().substring(run.parent().indexOf('/') + 1));
            parent.put("depth", run.depth());
            parent.put("link", "/workflows/runs/" + run.parent().substring(0, run.parent().indexOf('/')));
        }
        if (run.traceparent() != null && run.traceparent().split("-").length == 4) {
            view.put("traceId", run.traceparent().split("-")[1]);
        }
        view.put("status", run.status().name());
        if (run.status() == dev.agentfleet.coordinator.run.RunStatus.COMPENSATING && run.outcome() != null) {
            view.put("outcome", run.outcome().name());
        }
        view.set("input", run.input());
        if (run.output() != null) {
            view.set("output", run.output());
        }
        if (run.error() != null) {
            view.set("error", mapper.valueToTree(run.error()));
        }
        time(view, "createdAt", run.createdAt());
        time(view, "updatedAt", Long.parseLong(hash.get("updatedAt")));
        time(view, "finishedAt", run.finishedAt());
        time(view, "deadlineAt", run.deadlineAt());
        time(view, "cancelRequestedAt", run.cancelRequestedAt());
        if (run.redrives() > 0) {
            view.put("redrives", run.redrives());
        }
        if (run.controls().pauseRequested() || run.status() == dev.agentfleet.coordinator.run.RunStatus.PAUSED) {
            view.put("pauseRequested", run.controls().pauseRequested());
        }
        if (!run.controls().signals().isEmpty()) {
            ObjectNode signals = view.putObject("signals");
            run.controls().signals().forEach((name, signal) -> {
                ObjectNode v = signals.putObject(name);
                v.put("id", signal.id());
                v.put("by", signal.by());
                time(v, "at", signal.at());
            });
        }
        if (hash.containsKey("quarantine")) {
            view.put("quarantine", hash.get("quarantine"));
        }
        ArrayNode steps = view.putArray("steps");
        for (CompiledWorkflow.Step step : workflow.steps()) {
            StepState s = run.step(step.id());
            ObjectNode v = steps.addObject();
            v.put("id", step.id());
            if (step.definition().dependsOn() != null && !step.definition().dependsOn().isEmpty()) {
                step.definition().dependsOn().forEach(v.putArray("dependsOn")::add);
            }
            if (step.definition().workflow() != null) {
                v.put("workflow", step.definition().workflow().name());
                if (s.child != null) {
                    v.put("child", s.child);
                    v.put("childLink", "/workflows/runs/" + s.child);
                }
            } else if (step.definition().callsFunction()) {
                v.put("function", step.definition().function());
            } else if (step.definition().awaiting() != null) {
                v.put("waitsFor", step.definition().awaiting().signal());
            } else {
                v.put("sleeps", true);
            }
            v.put("status", s.status().name());
            v.put("attempts", s.attempt);
            time(v, "startedAt", s.startedAt);
            time(v, "finishedAt", s.finishedAt);
            if (s.startedAt != null && s.finishedAt != null) {
                v.put("durationMs", s.finishedAt - s.startedAt);
            }
            time(v, "retryAt", s.retryAt);
            time(v, "wakeAt", s.wakeAt);
            if (s.onFallback()) {
                v.put("answeredBy", step.definition().fallback().function());
                v.put("fellBackBecause", s.fellBackBecause);
            }
            if (s.signalledBy != null) {
                v.put("signalledBy", s.signalledBy);
                v.put("signalId", s.signalId);
            }
            if (s.output != null) {
                v.set("output", s.output);
            }
            if (step.definition().map() != null && s.items != null) {
                ObjectNode items = v.putObject("items");
                items.put("total", s.items);
                items.put("succeeded", s.itemsSucceeded == null ? 0 : s.itemsSucceeded);
                items.put("failed", s.itemsFailed == null ? 0 : s.itemsFailed);
                items.put("link", "/workflows/runs/" + run.id() + "/steps/" + step.id() + "/items");
            }
            if (s.error != null) {
                v.set("error", mapper.valueToTree(s.error));
            }
            if (s.compensationAttempt > 0 || s.status() == StepStatus.COMPENSATING) {
                ObjectNode c = v.putObject("compensation");
                c.put("function", step.definition().compensation().function());
                c.put("attempts", s.compensationAttempt);
                if (s.compensationError != null) {
                    c.set("error", mapper.valueToTree(s.compensationError));
                }
            }
        }
        ObjectNode links = view.putObject("links");
        links.put("self", "/workflows/runs/" + run.id());
        links.put("events", "/workflows/runs/" + run.id() + "/events");
        return view;
    }

    static ObjectNode summary(ObjectMapper mapper, String runId, Map<String, String> fields) {
        ObjectNode view = mapper.createObjectNode();
        view.put("id", runId);
        view.put("workflow", fields.get("workflow"));
        view.put("version", fields.get("version"));
        view.put("status", fields.get("status"));
        if (fields.get("startedBy") != null) {
            view.put("startedBy", fields.get("startedBy"));
        }
        time(view, "createdAt", parse(fields.get("createdAt")));
        time(view, "finishedAt", parse(fields.get("finishedAt")));
        view.put("link", "/workflows/runs/" + runId);
        return view;
    }

    static JsonNode event(ObjectMapper mapper, String json) {
        try {
            ObjectNode e = (ObjectNode) mapper.readTree(json);
            if (e.has("at")) {
                e.put("at", Instant.ofEpochMilli(e.get("at").asLong()).toString());
            }
            return e;
        } catch (Exception ex) {
            return mapper.getNodeFactory().textNode(json);
        }
    }

    private static Long parse(String value) {
        return value == null || value.equals("null") ? null : Long.valueOf(value);
    }

    private static void time(ObjectNode node, String field, Long epochMs) {
        if (epochMs != null) {
            node.put(field, Instant.ofEpochMilli(epochMs).toString());
        }
    }
}
