package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.sdk.problem.FieldError;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Turns a parsed definition document (YAML or JSON) into a {@link WorkflowDefinition}, collecting every problem with
 * the path of the field it is in ({@code steps[2].retry.multiplier}) instead of stopping at the first. The graph
 * rules (dependencies, cycles, known functions) are {@link DefinitionValidator}'s.
 */
public final class DefinitionReader {

    /** The definition when there were no errors, and the errors otherwise. */
    public record Result(WorkflowDefinition definition, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    static final Pattern STEP_ID = Pattern.compile("[a-z][a-zA-Z0-9_]*");
    private static final Pattern FUNCTION = Pattern.compile("[a-z][a-z0-9-]*/[a-z][a-z0-9-]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
    private static final Set<String> TOP = Set.of("name", "version", "description", "input", "deadline", "steps", "output");
    private static final Set<String> STEP = Set.of("id", "function", "dependsOn", "join", "input", "when", "timeout", "retry",
            "compensation");
    private static final Set<String> RETRY = Set.of("maxAttempts", "initialBackoff", "maxBackoff", "multiplier", "jitter", "retryOn");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    static final Duration MAX_DEADLINE = Duration.ofDays(7);
    /** The longest wait between two attempts of a step. */
    static final Duration MAX_BACKOFF = Duration.ofDays(1);
    /** No duration anywhere in a definition may be longer (each field has its own, smaller bound besides). */
    static final Duration MAX_DURATION = Duration.ofDays(366);
    static final int MAX_STEPS = 200;

    private final List<FieldError> errors = new ArrayList<>();

    private DefinitionReader() {
    }

    public static Result read(JsonNode document) {
        return new DefinitionReader().readDocument(document);
    }

    private Result readDocument(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            errors.add(new FieldError("$", "must be an object with name, version and steps"));
            return new Result(null, errors);
        }
        errors.addAll(dev.agentfleet.sdk.text.JsonValues.unrepresentable(doc, ""));
        unknownFields(doc, TOP, "");
        String name = text(doc, "name", "name", true);
        if (name != null && (!NAME.matcher(name).matches() || name.length() > 63)) {
            errors.add(new FieldError("name", "must be lower-case words joined by dashes, at most 63 characters, was '" + name + "'"));
        }
        String version = text(doc, "version", "version", true);
        if (version != null && (version.isBlank() || version.length() > 32)) {
            errors.add(new FieldError("version", "must be 1 to 32 characters"));
        }
        String description = text(doc, "description", "description", false);
        JsonNode inputSchema = doc.get("input");
        if (inputSchema != null && !inputSchema.isObject()) {
            errors.add(new FieldError("input", "must be a JSON Schema object"));
        }
        Duration deadline = duration(doc.get("deadline"), "deadline", null);
        if (deadline != null && deadline.compareTo(MAX_DEADLINE) > 0) {
            errors.add(new FieldError("deadline", "must be at most " + MAX_DEADLINE + ", was " + deadline));
        }
        String output = jq(doc.get("output"), "output", ".steps");
        List<StepDefinition> steps = new ArrayList<>();
        JsonNode stepNodes = doc.get("steps");
        if (stepNodes == null || !stepNodes.isArray() || stepNodes.isEmpty()) {
            errors.add(new FieldError("steps", "must be a non-empty list of steps"));
        } else if (stepNodes.size() > MAX_STEPS) {
            errors.add(new FieldError("steps", "must have at most " + MAX_STEPS + " steps, has " + stepNodes.size()));
        } else {
            for (int i = 0; i < stepNodes.size(); i++) {
                steps.add(step(stepNodes.get(i), "steps[" + i + "]"));
            }
        }
        WorkflowDefinition definition = errors.isEmpty()
                ? new WorkflowDefinition(name, version, description, inputSchema, deadline, List.copyOf(steps), output)
                : null;
        return new Result(definition, List.copyOf(errors));
    }

    private StepDefinition step(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            errors.add(new FieldError(path, "must be an object with id and function"));
            return null;
        }
        unknownFields(node, STEP, path + ".");
        String id = text(node, "id", path + ".id", true);
        if (id != null && (!STEP_ID.matcher(id).matches() || id.length() > 63)) {
            errors.add(new FieldError(path + ".id", "must start with a letter and hold only letters, digits and _, was '" + id + "'"));
        }
        String function = functionRef(node.get("function"), path + ".function", true);
        List<String> dependsOn = new ArrayList<>();
        JsonNode deps = node.get("dependsOn");
        if (deps != null && !deps.isNull()) {
            if (!deps.isArray()) {
                errors.add(new FieldError(path + ".dependsOn", "must be a list of step ids"));
            } else {
                for (int i = 0; i < deps.size(); i++) {
                    if (!deps.get(i).isTextual()) {
                        errors.add(new FieldError(path + ".dependsOn[" + i + "]", "must be a step id"));
                    } else {
                        dependsOn.add(deps.get(i).asText());
                    }
                }
            }
        }
        JoinMode join = JoinMode.ALL;
        String joinText = text(node, "join", path + ".join", false);
        if (joinText != null) {
            try {
                join = JoinMode.valueOf(joinText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(path + ".join", "must be all or any, was '" + joinText + "'"));
            }
        }
        String input = jq(node.get("input"), path + ".input", ".input");
        String when = jq(node.get("when"), path + ".when", null);
        Duration timeout = duration(node.get("timeout"), path + ".timeout", DEFAULT_TIMEOUT);
        if (timeout != null && timeout.compareTo(MAX_TIMEOUT) > 0) {
            errors.add(new FieldError(path + ".timeout", "must be at most " + MAX_TIMEOUT + ", was " + timeout));
        }
        RetryPolicy retry = retry(node.get("retry"), path + ".retry");
        StepDefinition.Compensation compensation = null;
        JsonNode comp = node.get("compensation");
        if (comp != null && !comp.isNull()) {
            if (!comp.isObject()) {
                errors.add(new FieldError(path + ".compensation", "must be an object with function and input"));
            } else {
                unknownFields(comp, Set.of("function", "input"), path + ".compensation.");
                compensation = new StepDefinition.Compensation(functionRef(comp.get("function"), path + ".compensation.function", true),
                        jq(comp.get("input"), path + ".compensation.input", ".steps"));
            }
        }
        return new StepDefinition(id, function, List.copyOf(dependsOn), join, input, when, timeout, retry, compensation);
    }

    private RetryPolicy retry(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return null;
        }
        unknownFields(node, RETRY, path + ".");
        RetryPolicy d = RetryPolicy.DEFAULT;
        int maxAttempts = node.has("maxAttempts") ? integer(node.get("maxAttempts"), path + ".maxAttempts", d.maxAttempts()) : d.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 20) {
            errors.add(new FieldError(path + ".maxAttempts", "must be 1..20, was " + maxAttempts));
        }
        Duration initial = duration(node.get("initialBackoff"), path + ".initialBackoff", d.initialBackoff());
        Duration max = duration(node.get("maxBackoff"), path + ".maxBackoff", d.maxBackoff());
        for (Map.Entry<String, Duration> backoff : java.util.Arrays.asList(Map.entry("initialBackoff", orZero(initial)),
                Map.entry("maxBackoff", orZero(max)))) {
            if (backoff.getValue().compareTo(MAX_BACKOFF) > 0) {
                errors.add(new FieldError(path + "." + backoff.getKey(), "must be at most " + MAX_BACKOFF + ", was " + backoff.getValue()));
            }
        }
        if (initial != null && max != null && initial.compareTo(max) > 0) {
            errors.add(new FieldError(path + ".maxBackoff", "must be >= initialBackoff (" + initial + "), was " + max));
        }
        double multiplier = number(node.get("multiplier"), path + ".multiplier", d.multiplier());
        if (!(multiplier >= 1)) {
            errors.add(new FieldError(path + ".multiplier", "must be >= 1, was " + multiplier));
        } else if (multiplier > 100) {
            errors.add(new FieldError(path + ".multiplier", "must be <= 100, was " + multiplier));
        }
        double jitter = number(node.get("jitter"), path + ".jitter", d.jitter());
        if (!(jitter >= 0 && jitter <= 1)) {
            errors.add(new FieldError(path + ".jitter", "must be 0..1, was " + jitter));
        }
        Set<FailureKind> retryOn = new LinkedHashSet<>(d.retryOn());
        JsonNode on = node.get("retryOn");
        if (on != null && !on.isNull()) {
            retryOn.clear();
            if (!on.isArray()) {
                errors.add(new FieldError(path + ".retryOn", "must be a list of " + FailureKind.RETRYABLE));
            } else {
                for (int i = 0; i < on.size(); i++) {
                    String kind = on.get(i).asText();
                    FailureKind known = FailureKind.RETRYABLE.stream().filter(k -> k.wire().equals(kind)).findFirst().orElse(null);
                    if (known == null) {
                        errors.add(new FieldError(path + ".retryOn[" + i + "]", "must be one of " + FailureKind.RETRYABLE + ", was '" + kind + "'"));
                    } else {
                        retryOn.add(known);
                    }
                }
            }
        }
        return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter, retryOn);
    }

    private void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            String field = it.next().getKey();
            if (!known.contains(field)) {
                errors.add(new FieldError(prefix + field, "is not a known field (known: " + String.join(", ", known) + ")"));
            }
        }
    }

    private String text(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            errors.add(new FieldError(path, "must be a string"));
            return null;
        }
        return value.asText();
    }

    private String functionRef(JsonNode value, String path, boolean required) {
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || !FUNCTION.matcher(value.asText()).matches()) {
            errors.add(new FieldError(path, "must be <service>/<function>, e.g. weather/forecast, was " + value));
            return null;
        }
        return value.asText();
    }

    private String jq(JsonNode value, String path, String fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(path, "must be a jq expression (a string)"));
            return null;
        }
        try {
            Jq.compile(value.asText());
        } catch (JsonQueryException e) {
            errors.add(new FieldError(path, "is not valid jq: " + firstLine(e.getMessage())));
        }
        return value.asText();
    }

    /** ISO-8601 ({@code PT30S}) or short ({@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h}, {@code 2d}); positive. */
    private Duration duration(JsonNode value, String path, Duration fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        Duration parsed = null;
        String text = value.asText().trim();
        Matcher shortForm = SHORT_DURATION.matcher(text);
        try {
            if (value.isTextual() && shortForm.matches()) {
                double amount = Double.parseDouble(shortForm.group(1));
                long millis = switch (shortForm.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 86_400_000;
                };
                parsed = Duration.ofMillis(Math.round(amount * millis));
            } else if (value.isTextual()) {
                parsed = Duration.parse(text);
            }
        } catch (DateTimeParseException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            errors.add(new FieldError(path, "must be a positive duration such as PT30S, 30s or 500ms, was " + value));
            return null;
        }
        if (parsed.compareTo(MAX_DURATION) > 0) {
            errors.add(new FieldError(path, "must be at most " + MAX_DURATION + ", was " + value));
            return null;
        }
        return parsed;
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    private int integer(JsonNode value, String path, int fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            errors.add(new FieldError(path, "must be an integer, was " + value));
            return fallback;
        }
        return value.intValue();
    }

    private double number(JsonNode value, String path, double fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            errors.add(new FieldError(path, "must be a number, was " + value));
            return fallback;
        }
        return value.doubleValue();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static Set<String> duplicates(List<String> values) {
        Set<String> seen = new HashSet<>();
        Set<String> dup = new LinkedHashSet<>();
        values.forEach(v -> {
            if (!seen.add(v)) {
                dup.add(v);
            }
        });
        return dup;
    }
}
