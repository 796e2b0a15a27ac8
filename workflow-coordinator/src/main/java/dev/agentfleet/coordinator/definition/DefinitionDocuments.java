package dev.agentfleet.coordinator.definition;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.text.Digests;

/** Reading definition documents (YAML is a superset of JSON, so one parser takes both) and their canonical form. */
public final class DefinitionDocuments {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    /** Sorted keys and ISO durations: the same definition always serialises, and hashes, the same way. */
    static final ObjectMapper CANONICAL = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .configure(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private DefinitionDocuments() {
    }

    /** Parses YAML or JSON; a syntax error is a 400 problem with the line and column. */
    public static JsonNode parse(byte[] document) {
        try {
            JsonNode node = YAML.readTree(document);
            if (node == null || node.isMissingNode()) {
                throw new ProblemException(ProblemKind.MISSING_BODY, "The definition document is empty.",
                        List.of(new FieldError("$", "is required")), null);
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The definition is not valid YAML or JSON" + where + ".",
                    List.of(new FieldError("$", firstLine(e.getOriginalMessage()))), e);
        } catch (IOException e) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The definition cannot be read.", List.of(), e);
        }
    }

    public static String canonicalJson(WorkflowDefinition definition) {
        try {
            return CANONICAL.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a definition", e);
        }
    }

    public static WorkflowDefinition fromCanonicalJson(String json) {
        try {
            return CANONICAL.readValue(json, WorkflowDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored definition cannot be read", e);
        }
    }

    /** {@code sha256:<hex>} of the canonical JSON. */
    public static String hash(String canonicalJson) {
        return "sha256:" + Digests.sha256Hex(canonicalJson);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be parsed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
