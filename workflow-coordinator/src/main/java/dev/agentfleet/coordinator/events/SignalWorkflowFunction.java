package dev.agentfleet.coordinator.events;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.api.AuditLog;
import dev.agentfleet.coordinator.engine.RunControl;
import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.text.Digests;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A signal as a CloudEvent: {@code dev.agentfleet.workflow.signal} with data {@code {runId, signal, id?, payload}},
 * answered with {@code dev.agentfleet.workflow.signalled}. The signal's id is the data's, else the event's
 * {@code source} and {@code id}, so a broker's redelivery is a repeat, not a second signal. Sent by {@code
 * event:<source>}, audited; like every event entry point it takes sender tokens (the Broker's), not user tokens, and
 * answers as {@code POST /workflows/runs/{id}/signals/{name}} does: 404, 409 and 422 problems naming the field.
 */
public class SignalWorkflowFunction {

    /** The answer: {@code state} {@code recorded}, or {@code recorded before} for a repeat. */
    @RegisterForReflection
    public record Signalled(String runId, String signal, String id, String state, String link) {
    }

    private final RunControl control;
    private final AuditLog audit;

    SignalWorkflowFunction(RunControl control, AuditLog audit) {
        this.control = control;
        this.audit = audit;
    }

    @Funq("signal-workflow")
    public Signalled signal(JsonNode data, @Context CloudEvent<JsonNode> event) {
        if (event == null || event.id() == null) {
            throw new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "signal-workflow takes CloudEvents of type "
                    + "dev.agentfleet.workflow.signal; over plain HTTP use POST /workflows/runs/{id}/signals/{name}.",
                    List.of(new FieldError("ce-id", "is required")), null);
        }
        if (data == null || !data.isObject()) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The event's data must be an object: {runId, signal, id?, payload}.",
                    List.of(new FieldError("data", "must be an object")), null);
        }
        String runId = text(data, "runId", 128);
        String name = text(data, "signal", 63);
        String id = data.hasNonNull("id") ? text(data, "id", 256) : "ce:" + event.source() + "/" + event.id();
        if (id.length() > 256) {
            id = "ce-sha256:" + Digests.sha256Hex(id);
        }
        String by = "event:" + event.source();
        RunRequestScript.Result result = control.signal(runId, name, id, data.get("payload"), by);
        audit.record(by, "run.signal", runId + "/" + name, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return switch (result.outcome()) {
            case ACCEPTED, REPEATED -> new Signalled(runId, name, id, result.outcome() == RunRequestScript.Outcome.ACCEPTED ? "recorded"
                    : "recorded before", "/workflows/runs/" + runId);
            case MISSING -> throw new ProblemException(ProblemKind.NOT_FOUND, "No run " + runId + ".",
                    List.of(new FieldError("data.runId", "is not a known run")), null);
            case TOO_LATE -> throw new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " is " + result.detail()
                    + ": too late for a signal.", List.of(new FieldError("data.runId", "is " + result.detail())), null);
            case CONFLICT -> throw new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " received signal " + name
                    + " already, with id " + result.detail() + ".", List.of(new FieldError("data.id", "differs from the id received before")), null);
            case SETTLED, LIMIT, BLOCKED -> throw new ProblemException(ProblemKind.CONFLICT, "The step of run " + runId
                    + " that waited for signal " + name + " no longer waits (it is " + result.detail() + ").",
                    List.of(new FieldError("data.signal", "is no longer awaited")), null);
        };
    }

    private static String text(JsonNode data, String field, int max) {
        JsonNode value = data.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || value.asText().length() > max) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The event's data." + field + " is missing or invalid.",
                    List.of(new FieldError("data." + field, "must be a string of 1 to " + max + " characters")), null);
        }
        return value.asText();
    }
}
