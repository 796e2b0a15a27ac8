package dev.agentfleet.coordinator.api;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * The body of {@code POST /workflows/runs/{id}/signals/{name}}: {@code {id?, payload}}. The id makes sending
 * idempotent (the body's, else the {@code Idempotency-Key} header, else a new one: then a retry is a second signal,
 * which the run refuses as a conflict).
 */
record SignalRequest(String id, JsonNode payload) {

    static final int MAX_ID_LENGTH = 256;
    private static final Set<String> FIELDS = Set.of("id", "payload");

    static SignalRequest parse(JsonNode body, String keyHeader) {
        if (body != null && !body.isObject()) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The body must be an object: {id?, payload}.",
                    List.of(new FieldError("$", "must be an object")), null);
        }
        if (body != null) {
            for (var it = body.fieldNames(); it.hasNext();) {
                String field = it.next();
                if (!FIELDS.contains(field)) {
                    throw new ProblemException(ProblemKind.BAD_REQUEST, "The body has an unknown field.", List.of(new FieldError(field,
                            "is not a known field (known: id, payload)")), null);
                }
            }
        }
        JsonNode idNode = body == null ? null : body.get("id");
        String id = idNode != null && !idNode.isNull() ? (idNode.isTextual() ? idNode.asText() : null) : keyHeader;
        if ((idNode != null && !idNode.isNull() && !idNode.isTextual()) || (id != null && (id.isBlank() || id.length() > MAX_ID_LENGTH))) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The signal's id is invalid.", List.of(new FieldError("id",
                    "must be a string of 1 to " + MAX_ID_LENGTH + " characters")), null);
        }
        return new SignalRequest(id == null ? UUID.randomUUID().toString() : id, body == null ? null : body.get("payload"));
    }
}
