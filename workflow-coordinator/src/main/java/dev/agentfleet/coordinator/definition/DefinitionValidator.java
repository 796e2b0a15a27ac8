package dev.agentfleet.coordinator.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.agentfleet.sdk.problem.FieldError;

/**
 * The rules across steps: unique ids, dependencies that exist (and are not the step itself), no cycles, only
 * functions the coordinator knows, and each signal awaited by one step at most. Each problem points at the step and
 * field it is in.
 */
public final class DefinitionValidator {

    private DefinitionValidator() {
    }

    public static List<FieldError> validate(WorkflowDefinition definition, CapabilityCatalog catalog) {
        List<FieldError> errors = new ArrayList<>();
        List<StepDefinition> steps = definition.steps();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            if (index.putIfAbsent(steps.get(i).id(), i) != null) {
                errors.add(new FieldError("steps[" + i + "].id", "duplicates the id of steps[" + index.get(steps.get(i).id()) + "]: '"
                        + steps.get(i).id() + "'"));
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition step = steps.get(i);
            if (step.function() != null && !catalog.knows(step.function())) {
                errors.add(new FieldError("steps[" + i + "].function", "is not a known function: '" + step.function() + "' (known: "
                        + String.join(", ", catalog.functions()) + ")"));
            }
            if (step.fallback() != null && !catalog.knows(step.fallback().function())) {
                errors.add(new FieldError("steps[" + i + "].fallback.function", "is not a known function: '" + step.fallback().function() + "'"));
            }
            if (step.compensation() != null && !catalog.knows(step.compensation().function())) {
                errors.add(new FieldError("steps[" + i + "].compensation.function", "is not a known function: '"
                        + step.compensation().function() + "'"));
            }
            for (int d = 0; d < step.dependsOn().size(); d++) {
                String dep = step.dependsOn().get(d);
                if (dep.equals(step.id())) {
                    errors.add(new FieldError("steps[" + i + "].dependsOn[" + d + "]", "a step cannot depend on itself"));
                } else if (!index.containsKey(dep)) {
                    errors.add(new FieldError("steps[" + i + "].dependsOn[" + d + "]", "names no step: '" + dep + "'"));
                }
            }
            if (!DefinitionReader.duplicates(step.dependsOn()).isEmpty()) {
                errors.add(new FieldError("steps[" + i + "].dependsOn", "names a step twice: " + DefinitionReader.duplicates(step.dependsOn())));
            }
        }
        Map<String, Integer> signals = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            StepDefinition.Wait wait = steps.get(i).awaiting();
            if (wait != null && wait.signal() != null && signals.putIfAbsent(wait.signal(), i) != null) {
                errors.add(new FieldError("steps[" + i + "].wait.signal", "is awaited by steps[" + signals.get(wait.signal())
                        + "] already: a signal is taken by one step"));
            }
        }
        if (errors.isEmpty()) {
            cycle(steps, index).ifPresent(errors::add);
        }
        return errors;
    }

    /** The first cycle found by depth-first search, reported on the step that closes it. */
    private static Optional<FieldError> cycle(List<StepDefinition> steps, Map<String, Integer> index) {
        int[] state = new int[steps.size()]; // 0 new, 1 on the path, 2 done
        List<String> path = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Optional<FieldError> found = visit(i, steps, index, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<FieldError> visit(int i, List<StepDefinition> steps, Map<String, Integer> index, int[] state,
            List<String> path) {
        if (state[i] == 2) {
            return Optional.empty();
        }
        StepDefinition step = steps.get(i);
        if (state[i] == 1) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(step.id()), path.size()));
            loop.add(step.id());
            return Optional.of(new FieldError("steps[" + i + "].dependsOn", "forms a cycle: " + String.join(" -> ", loop)));
        }
        state[i] = 1;
        path.add(step.id());
        for (String dep : step.dependsOn()) {
            Optional<FieldError> found = visit(index.get(dep), steps, index, state, path);
            if (found.isPresent()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state[i] = 2;
        return Optional.empty();
    }
}
