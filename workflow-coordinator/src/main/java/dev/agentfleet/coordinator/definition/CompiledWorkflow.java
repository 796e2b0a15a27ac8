package dev.agentfleet.coordinator.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.agentfleet.sdk.problem.FieldError;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A registered definition made ready to run: its jq expressions compiled and its input schema loaded, once per
 * content hash. Immutable and shared by every run pinned to that hash.
 */
public final class CompiledWorkflow {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig SCHEMA_CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final JsonQuery IDENTITY_STEPS = compileOrThrow(".steps");
    private static final JsonQuery IDENTITY_INPUT = compileOrThrow(".input");

    /** A step with its expressions compiled, and the schema of the signal it waits for (null: any payload). */
    public record Step(StepDefinition definition, JsonQuery input, JsonQuery when, JsonQuery compensationInput, JsonQuery until,
            JsonSchema signalSchema, JsonQuery fallbackInput, JsonQuery items) {

        public String id() {
            return definition.id();
        }

        /** The function an attempt calls: the fallback's once the step fell back to it. */
        public String function(boolean onFallback) {
            return onFallback ? definition.fallback().function() : definition.target();
        }

        /** The input expression of an attempt: the fallback's (its own, else the step's) once the step fell back. */
        public JsonQuery input(boolean onFallback) {
            return onFallback && fallbackInput != null ? fallbackInput : input;
        }

        /** Problems of a signal's payload against the step's schema, each naming the field ({@code payload.decision}). */
        public List<FieldError> validateSignal(JsonNode payload) {
            return signalSchema == null ? List.of() : validate(signalSchema, payload, "payload");
        }
    }

    private final String hash;
    private final WorkflowDefinition definition;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final JsonQuery output;
    private final JsonSchema inputSchema;

    private CompiledWorkflow(String hash, WorkflowDefinition definition) throws JsonQueryException {
        this.hash = hash;
        this.definition = definition;
        for (StepDefinition s : definition.steps()) {
            steps.put(s.id(), new Step(s, s.input() == null ? IDENTITY_INPUT : Jq.compile(s.input()),
                    s.when() == null ? null : Jq.compile(s.when()),
                    s.compensation() == null ? null
                            : s.compensation().input() == null ? IDENTITY_INPUT : Jq.compile(s.compensation().input()),
                    s.sleep() == null || s.sleep().until() == null ? null : Jq.compile(s.sleep().until()),
                    s.awaiting() == null || s.awaiting().schema() == null ? null : SCHEMAS.getSchema(s.awaiting().schema(), SCHEMA_CONFIG),
                    s.fallback() == null || s.fallback().input() == null ? null : Jq.compile(s.fallback().input()),
                    s.map() == null ? null : Jq.compile(s.map().items())));
        }
        this.output = definition.output() == null ? IDENTITY_STEPS : Jq.compile(definition.output());
        this.inputSchema = definition.inputSchema() == null ? null : SCHEMAS.getSchema(definition.inputSchema(), SCHEMA_CONFIG);
    }

    /** Compiles a validated definition; its expressions compiled at registration, so this does not fail for them. */
    public static CompiledWorkflow of(String hash, WorkflowDefinition definition) {
        try {
            return new CompiledWorkflow(hash, definition);
        } catch (JsonQueryException e) {
            throw new IllegalStateException("registered definition " + hash + " does not compile", e);
        }
    }

    /** Problems of a run's input against the definition's JSON Schema, each naming the field. */
    public List<FieldError> validateInput(JsonNode input) {
        return inputSchema == null ? List.of() : validate(inputSchema, input, "input");
    }

    /** The step waiting for {@code signal}, if any. */
    public java.util.Optional<Step> stepAwaiting(String signal) {
        return steps.values().stream().filter(s -> s.definition().awaiting() != null && s.definition().awaiting().signal().equals(signal))
                .findFirst();
    }

    private static List<FieldError> validate(JsonSchema schema, JsonNode value, String root) {
        List<FieldError> errors = new ArrayList<>();
        for (ValidationMessage m : schema.validate(value, (ctx) -> ctx.getExecutionConfig().setFormatAssertionsEnabled(true))) {
            String at = fieldPath(root, m.getInstanceLocation().toString());
            String property = m.getProperty();
            if (property != null && "required".equals(m.getType())) {
                at = at + "." + property;
            }
            String message = m.getMessage();
            int colon = message.indexOf(": ");
            errors.add(new FieldError(at, colon > 0 && (message.startsWith("/") || message.startsWith("$")) ? message.substring(colon + 2) : message));
        }
        return errors;
    }

    /** {@code /items/0/name} (JSON Pointer) or {@code $.items[0].name} as {@code input.items[0].name} (root {@code input}). */
    static String fieldPath(String root, String location) {
        if (location.startsWith("$")) {
            return root + location.substring(1);
        }
        StringBuilder path = new StringBuilder(root);
        for (String token : location.split("/")) {
            if (token.isEmpty()) {
                continue;
            }
            String name = token.replace("~1", "/").replace("~0", "~");
            path.append(name.chars().allMatch(Character::isDigit) ? "[" + name + "]" : "." + name);
        }
        return path.toString();
    }

    /** The document jq expressions see: {@code {input, steps: {<id>: {status, output}}}}. */
    public static ObjectNode scope(JsonNode input, Map<String, JsonNode> outputs, Map<String, String> statuses) {
        ObjectNode scope = JsonNodeFactory.instance.objectNode();
        scope.set("input", input);
        ObjectNode steps = scope.putObject("steps");
        statuses.forEach((id, status) -> {
            ObjectNode s = steps.putObject(id);
            s.put("status", status);
            s.set("output", outputs.get(id));
        });
        return scope;
    }

    public String hash() {
        return hash;
    }

    public WorkflowDefinition definition() {
        return definition;
    }

    public Step step(String id) {
        return steps.get(id);
    }

    public Iterable<Step> steps() {
        return steps.values();
    }

    public List<String> stepIds() {
        return List.copyOf(steps.keySet());
    }

    public JsonQuery output() {
        return output;
    }

    /** Steps that list {@code id} in their {@code dependsOn}. */
    public Map<String, List<String>> dependents() {
        Map<String, List<String>> dependents = new HashMap<>();
        for (StepDefinition s : definition.steps()) {
            for (String d : s.dependsOn()) {
                dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(s.id());
            }
        }
        return dependents;
    }

    private static JsonQuery compileOrThrow(String expression) {
        try {
            return Jq.compile(expression);
        } catch (JsonQueryException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
