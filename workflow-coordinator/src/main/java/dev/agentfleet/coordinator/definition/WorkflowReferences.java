package dev.agentfleet.coordinator.definition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.agentfleet.sdk.problem.FieldError;

/**
 * The rules for sub-workflows, checked when a definition is registered against what is registered already: a step's
 * workflow must exist (register children first), and following the references from it (each at the version it names,
 * else the latest) must neither come back to the definition being registered (a cycle: a run would start itself
 * without end) nor nest deeper than {@link #MAX_DEPTH} runs. Since a reference without a version follows the latest,
 * a later registration could close a cycle: it is that registration which is refused. The engine bounds the depth of
 * run trees at run time as well ({@code RunControl}).
 */
final class WorkflowReferences {

    /** How deep runs may nest: a run's child is at depth 1, its grandchild at 2. */
    static final int MAX_DEPTH = StepDefinition.ChildWorkflow.MAX_DEPTH;

    /** The definitions registered: a name at a version (the latest when null). */
    interface Lookup {
        Optional<WorkflowDefinition> find(String name, String version);
    }

    private WorkflowReferences() {
    }

    static List<FieldError> check(WorkflowDefinition definition, Lookup lookup) {
        List<FieldError> errors = new ArrayList<>();
        List<StepDefinition> steps = definition.steps();
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition.ChildWorkflow ref = steps.get(i).workflow();
            if (ref == null) {
                continue;
            }
            String field = "steps[" + i + "].workflow";
            Optional<WorkflowDefinition> child = ref.name().equals(definition.name()) ? Optional.of(definition) : lookup.find(ref.name(), ref.version());
            if (child.isEmpty()) {
                errors.add(ref.version() == null ? new FieldError(field + ".name", "is not a registered workflow: '" + ref.name()
                        + "' (register it first)") : new FieldError(field + ".version", "workflow " + ref.name() + " has no version "
                        + ref.version()));
                continue;
            }
            List<String> path = new ArrayList<>(List.of(definition.name(), ref.name()));
            Optional<String> problem = ref.name().equals(definition.name()) ? Optional.of("forms a cycle: " + String.join(" -> ", path))
                    : follow(child.get(), definition.name(), path, lookup, new HashSet<>());
            problem.ifPresent(p -> errors.add(new FieldError(field + ".name", p)));
        }
        return errors;
    }

    /** Walks the references below {@code from}; what is wrong with the first path that comes back or goes too deep. */
    private static Optional<String> follow(WorkflowDefinition from, String root, List<String> path, Lookup lookup, Set<String> seen) {
        if (path.size() - 1 > MAX_DEPTH) {
            return Optional.of("nests runs deeper than " + MAX_DEPTH + " levels: " + String.join(" -> ", path));
        }
        for (StepDefinition step : from.steps()) {
            StepDefinition.ChildWorkflow ref = step.workflow();
            if (ref == null) {
                continue;
            }
            path.add(ref.name());
            if (ref.name().equals(root)) {
                return Optional.of("forms a cycle: " + String.join(" -> ", path));
            }
            Optional<WorkflowDefinition> next = lookup.find(ref.name(), ref.version());
            if (next.isPresent() && seen.add(ref.name() + "@" + ref.version() + "#" + path.size())) {
                Optional<String> found = follow(next.get(), root, path, lookup, seen);
                if (found.isPresent()) {
                    return found;
                }
            }
            path.remove(path.size() - 1);
        }
        return Optional.empty();
    }
}
