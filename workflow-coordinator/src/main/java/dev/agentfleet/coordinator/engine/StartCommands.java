package dev.agentfleet.coordinator.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.text.JsonValues;

/**
 * Reads a start request: the body of {@code POST /workflows/runs} and the data of a
 * {@code dev.agentfleet.workflow.start} CloudEvent, by the same rules, so neither door accepts what the other refuses:
 * {@code {workflow, version?, input, idempotencyKey?}} and nothing else, strings where strings belong, and an input
 * that can be stored exactly (no number beyond a double, no lone surrogate).
 */
public final class StartCommands {

    static final Set<String> FIELDS = Set.of("workflow", "version", "input", "idempotencyKey");

    private StartCommands() {
    }

    /**
     * @param body        the request body or event data (null when absent)
     * @param prefix      how the fields are named in problems: {@code ""} over HTTP, {@code "data."} for an event
     * @param fallbackKey the idempotency key when the body names none (the header, or the event's source and id)
     * @param startedBy   who asks: {@code user:<name>} or {@code event:<source>}
     */
    public static RunControl.StartCommand parse(JsonNode body, String prefix, String fallbackKey, String startedBy,
            String traceparent) {
        String root = prefix.isEmpty() ? "$" : prefix.substring(0, prefix.length() - 1);
        if (body == null || body.isNull() || body.isMissingNode() || !body.isObject()) {
            throw new ProblemException(ProblemKind.MISSING_BODY, "Send {\"workflow\": ..., \"input\": {...}}.",
                    List.of(new FieldError(root, body == null || body.isNull() || body.isMissingNode() ? "is required"
                            : "must be a JSON object")), null);
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(prefix + name, "is not a known field (workflow, version, input, idempotencyKey)"));
            }
        }
        String workflow = text(body, "workflow", prefix, true, errors);
        String version = text(body, "version", prefix, false, errors);
        String key = text(body, "idempotencyKey", prefix, false, errors);
        JsonNode input = body.get("input");
        errors.addAll(JsonValues.unrepresentable(input, prefix + "input"));
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION, "The start request is invalid.", errors, null);
        }
        return new RunControl.StartCommand(workflow, version, input, key != null ? key : fallbackKey, startedBy, traceparent);
    }

    private static String text(JsonNode body, String field, String prefix, boolean required, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(prefix + field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError(prefix + field, "must be a non-empty string"));
            return null;
        }
        if (JsonValues.hasLoneSurrogate(value.asText())) {
            errors.add(new FieldError(prefix + field, "holds a lone UTF-16 surrogate, which is not valid Unicode text"));
            return null;
        }
        return value.asText();
    }
}
