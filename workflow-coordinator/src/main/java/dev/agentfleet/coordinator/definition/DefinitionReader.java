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
    static final Pattern FUNCTION = Pattern.compile("[a-z][a-z0-9-]*/[a-z][a-z0-9-]*");
    private static final Set<String> TOP = Set.of("name", "version", "description", "input", "deadline", "steps", "output");
    private static final Set<String> STEP = Set.of("id", "function", "dependsOn", "join", "input", "when", "timeout", "retry",
            "compensation", "wait", "sleep", "fallback", "map", "workflow");
    /** What a step that waits or sleeps may not have: they belong to calling a function. */
    private static final List<String> CALL_ONLY = List.of("input", "timeout", "retry", "compensation", "fallback");
    private static final Set<String> RETRY = Set.of("maxAttempts", "initialBackoff", "maxBackoff", "multiplier", "jitter", "retryOn");
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a sub-workflow step waits for its child run unless it says otherwise. */
    static final Duration DEFAULT_CHILD_TIMEOUT = Duration.ofHours(1);
    static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    static final Duration MAX_DEADLINE = Duration.ofDays(7);
    /** The longest wait between two attempts of a step. */
    static final Duration MAX_BACKOFF = Duration.ofDays(1);
    /** No duration anywhere in a definition may be longer (each field has its own, smaller bound besides). */
    static final Duration MAX_DURATION = Duration.ofDays(366);
    static final int MAX_STEPS = 200;

    private final List<FieldError> errors = new ArrayList<>();
    private final DocumentFields fields = new DocumentFields(errors);
    private final PauseSteps pauses = new PauseSteps(fields);

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
        fields.unknownFields(doc, TOP, "");
        String name = fields.text(doc, "name", "name", true);
        if (name != null && (!NAME.matcher(name).matches() || name.length() > 63)) {
            errors.add(new FieldError("name", "must be lower-case words joined by dashes, at most 63 characters, was '" + name + "'"));
        }
        String version = fields.text(doc, "version", "version", true);
        if (version != null && (version.isBlank() || version.length() > 32)) {
            errors.add(new FieldError("version", "must be 1 to 32 characters"));
        }
        String description = fields.text(doc, "description", "description", false);
        JsonNode inputSchema = doc.get("input");
        if (inputSchema != null && !inputSchema.isObject()) {
            errors.add(new FieldError("input", "must be a JSON Schema object"));
        }
        Duration deadline = fields.duration(doc.get("deadline"), "deadline", null);
        if (deadline != null && deadline.compareTo(MAX_DEADLINE) > 0) {
            errors.add(new FieldError("deadline", "must be at most " + MAX_DEADLINE + ", was " + deadline));
        }
        String output = fields.jq(doc.get("output"), "output", ".steps");
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
        fields.unknownFields(node, STEP, path + ".");
        String id = fields.text(node, "id", path + ".id", true);
        if (id != null && (!STEP_ID.matcher(id).matches() || id.length() > 63)) {
            errors.add(new FieldError(path + ".id", "must start with a letter and hold only letters, digits and _, was '" + id + "'"));
        }
        StepDefinition.Wait wait = pauses.waitFor(node.get("wait"), path + ".wait");
        StepDefinition.Sleep sleep = pauses.sleep(node.get("sleep"), path + ".sleep");
        int kinds = (node.hasNonNull("function") ? 1 : 0) + (node.hasNonNull("wait") ? 1 : 0) + (node.hasNonNull("sleep") ? 1 : 0)
                + (node.hasNonNull("workflow") ? 1 : 0);
        if (kinds > 1) {
            errors.add(new FieldError(path, "must have exactly one of function, workflow, wait and sleep"));
        }
        boolean calls = !node.hasNonNull("wait") && !node.hasNonNull("sleep");
        StepDefinition.ChildWorkflow child = calls ? childWorkflow(node.get("workflow"), path + ".workflow") : null;
        if (!calls) {
            CALL_ONLY.stream().filter(node::hasNonNull).forEach(f -> errors.add(new FieldError(path + "." + f,
                    "belongs to steps that call a function; a step that waits or sleeps has none")));
        }
        String function = fields.functionRef(node.get("function"), path + ".function", calls && !node.hasNonNull("workflow"));
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
        String joinText = fields.text(node, "join", path + ".join", false);
        if (joinText != null) {
            try {
                join = JoinMode.valueOf(joinText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(path + ".join", "must be all or any, was '" + joinText + "'"));
            }
        }
        String input = fields.jq(node.get("input"), path + ".input", ".input");
        String when = fields.jq(node.get("when"), path + ".when", null);
        // a sub-workflow's attempt lasts as long as the child run: longer bounds than a function call's
        boolean startsChild = node.hasNonNull("workflow");
        Duration timeout = fields.duration(node.get("timeout"), path + ".timeout", startsChild ? DEFAULT_CHILD_TIMEOUT : DEFAULT_TIMEOUT);
        Duration maxTimeout = startsChild ? MAX_DEADLINE : MAX_TIMEOUT;
        if (timeout != null && timeout.compareTo(maxTimeout) > 0) {
            errors.add(new FieldError(path + ".timeout", "must be at most " + maxTimeout + ", was " + timeout));
        }
        RetryPolicy retry = retry(node.get("retry"), path + ".retry");
        StepDefinition.Compensation compensation = null;
        JsonNode comp = node.get("compensation");
        if (comp != null && !comp.isNull()) {
            if (!comp.isObject()) {
                errors.add(new FieldError(path + ".compensation", "must be an object with function and input"));
            } else {
                fields.unknownFields(comp, Set.of("function", "input"), path + ".compensation.");
                compensation = new StepDefinition.Compensation(fields.functionRef(comp.get("function"), path + ".compensation.function", true),
                        fields.jq(comp.get("input"), path + ".compensation.input", ".steps"));
            }
        }
        StepDefinition.Fallback fallback = null;
        JsonNode back = node.get("fallback");
        if (calls && back != null && !back.isNull()) {
            if (!back.isObject()) {
                errors.add(new FieldError(path + ".fallback", "must be an object with function (and input)"));
            } else {
                fields.unknownFields(back, Set.of("function", "input"), path + ".fallback.");
                fallback = new StepDefinition.Fallback(fields.functionRef(back.get("function"), path + ".fallback.function", true),
                        fields.jq(back.get("input"), path + ".fallback.input", null));
            }
        }
        StepDefinition.MapOver map = calls ? mapOver(node.get("map"), path + ".map") : null;
        if (map != null && fallback != null) {
            errors.add(new FieldError(path + ".fallback", "a map step has no fallback (each item follows the step's retry policy)"));
        }
        if (!calls && node.hasNonNull("map")) {
            errors.add(new FieldError(path + ".map", "belongs to steps that call a function; a step that waits or sleeps has none"));
        }
        return new StepDefinition(id, function, List.copyOf(dependsOn), join, calls ? (map != null && !node.hasNonNull("input") ? ".item" : input) : null,
                when, calls ? timeout : null, calls ? retry : null, compensation, wait, sleep, fallback, map, child);
    }

    /** {@code workflow: {name, version}}: a sub-workflow (registered before; cycles are refused at registration). */
    private StepDefinition.ChildWorkflow childWorkflow(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object with name (and version)"));
            return null;
        }
        fields.unknownFields(node, Set.of("name", "version"), path + ".");
        String name = fields.text(node, "name", path + ".name", true);
        if (name != null && (!NAME.matcher(name).matches() || name.length() > 63)) {
            errors.add(new FieldError(path + ".name", "must be a workflow name (lower-case words joined by dashes), was '" + name + "'"));
        }
        String version = fields.text(node, "version", path + ".version", false);
        if (version != null && (version.isBlank() || version.length() > 32)) {
            errors.add(new FieldError(path + ".version", "must be 1 to 32 characters"));
        }
        return new StepDefinition.ChildWorkflow(name, version);
    }

    /** {@code map: {items: <jq>, maxConcurrency, toleratedFailures, toleratedFailurePercent}}. */
    private StepDefinition.MapOver mapOver(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object with items (and maxConcurrency, toleratedFailures, toleratedFailurePercent)"));
            return null;
        }
        fields.unknownFields(node, Set.of("items", "maxConcurrency", "toleratedFailures", "toleratedFailurePercent"), path + ".");
        String items = fields.jq(node.get("items"), path + ".items", null);
        if (!node.hasNonNull("items")) {
            errors.add(new FieldError(path + ".items", "is required (a jq expression selecting the array to map over)"));
        }
        int concurrency = fields.integer(node.get("maxConcurrency"), path + ".maxConcurrency", StepDefinition.MapOver.DEFAULT_CONCURRENCY);
        if (concurrency < 1 || concurrency > StepDefinition.MapOver.MAX_CONCURRENCY) {
            errors.add(new FieldError(path + ".maxConcurrency", "must be 1.." + StepDefinition.MapOver.MAX_CONCURRENCY + ", was " + concurrency));
        }
        int tolerated = fields.integer(node.get("toleratedFailures"), path + ".toleratedFailures", 0);
        if (tolerated < 0) {
            errors.add(new FieldError(path + ".toleratedFailures", "must be >= 0, was " + tolerated));
        }
        double percent = fields.number(node.get("toleratedFailurePercent"), path + ".toleratedFailurePercent", 0);
        if (!(percent >= 0 && percent <= 100)) {
            errors.add(new FieldError(path + ".toleratedFailurePercent", "must be 0..100, was " + percent));
        }
        return new StepDefinition.MapOver(items, concurrency, tolerated, percent);
    }



    private RetryPolicy retry(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an object"));
            return null;
        }
        fields.unknownFields(node, RETRY, path + ".");
        RetryPolicy d = RetryPolicy.DEFAULT;
        int maxAttempts = node.has("maxAttempts") ? fields.integer(node.get("maxAttempts"), path + ".maxAttempts", d.maxAttempts()) : d.maxAttempts();
        if (maxAttempts < 1 || maxAttempts > 20) {
            errors.add(new FieldError(path + ".maxAttempts", "must be 1..20, was " + maxAttempts));
        }
        Duration initial = fields.duration(node.get("initialBackoff"), path + ".initialBackoff", d.initialBackoff());
        Duration max = fields.duration(node.get("maxBackoff"), path + ".maxBackoff", d.maxBackoff());
        for (Map.Entry<String, Duration> backoff : java.util.Arrays.asList(Map.entry("initialBackoff", orZero(initial)),
                Map.entry("maxBackoff", orZero(max)))) {
            if (backoff.getValue().compareTo(MAX_BACKOFF) > 0) {
                errors.add(new FieldError(path + "." + backoff.getKey(), "must be at most " + MAX_BACKOFF + ", was " + backoff.getValue()));
            }
        }
        if (initial != null && max != null && initial.compareTo(max) > 0) {
            errors.add(new FieldError(path + ".maxBackoff", "must be >= initialBackoff (" + initial + "), was " + max));
        }
        double multiplier = fields.number(node.get("multiplier"), path + ".multiplier", d.multiplier());
        if (!(multiplier >= 1)) {
            errors.add(new FieldError(path + ".multiplier", "must be >= 1, was " + multiplier));
        } else if (multiplier > 100) {
            errors.add(new FieldError(path + ".multiplier", "must be <= 100, was " + multiplier));
        }
        double jitter = fields.number(node.get("jitter"), path + ".jitter", d.jitter());
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






    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
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
