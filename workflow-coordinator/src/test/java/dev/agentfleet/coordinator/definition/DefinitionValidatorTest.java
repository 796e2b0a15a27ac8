package dev.agentfleet.coordinator.definition;

import static dev.agentfleet.coordinator.definition.DefinitionReaderTest.CATALOG;
import static dev.agentfleet.coordinator.definition.DefinitionReaderTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentfleet.sdk.problem.FieldError;

class DefinitionValidatorTest {

    @Test
    void cycleIsReportedWithItsPath() {
        List<FieldError> errors = validate("""
                name: loop
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, dependsOn: [c]}
                  - {id: b, function: weather/forecast, dependsOn: [a]}
                  - {id: c, function: weather/forecast, dependsOn: [b]}
                """);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("steps[0].dependsOn");
            assertThat(e.message()).isEqualTo("forms a cycle: a -> c -> b -> a");
        });
    }

    @Test
    void unknownDependencySelfDependencyAndDuplicateIdsAreNamed() {
        List<FieldError> errors = validate("""
                name: deps
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, dependsOn: [ghost]}
                  - {id: b, function: weather/forecast, dependsOn: [b]}
                  - {id: a, function: weather/forecast}
                """);

        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("steps[2].id", "steps[0].dependsOn[0]", "steps[1].dependsOn[0]");
    }

    @Test
    void waitsSleepsAndFallbacksAreCheckedFieldByField() {
        List<FieldError> errors = DefinitionReader.read(DefinitionDocuments.parse("""
                name: steering
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, fallback: {function: weather/hurricane}}
                  - {id: b, wait: {signal: go, onTimeout: continue}, retry: {maxAttempts: 2}}
                  - {id: c, wait: {signal: go, timeout: 8d, roles: [Not A Role]}, function: weather/forecast}
                  - {id: d, sleep: {until: 'this is not jq ((('}}
                  - {id: e, sleep: 400d}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8))).errors();

        assertThat(errors).extracting(FieldError::field).contains("steps[1].wait.default", "steps[1].retry", "steps[2]",
                "steps[2].wait.timeout", "steps[2].wait.roles[0]", "steps[3].sleep.until", "steps[4].sleep");
        List<FieldError> graph = validate("""
                name: steering
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, fallback: {function: weather/hurricane}}
                  - {id: b, wait: {signal: go}}
                  - {id: c, wait: {signal: go}}
                """);
        assertThat(graph).extracting(FieldError::field).containsExactly("steps[0].fallback.function", "steps[2].wait.signal");
    }

    @Test
    void mapAndSubWorkflowStepsAreCheckedFieldByField() {
        List<FieldError> errors = DefinitionReader.read(DefinitionDocuments.parse("""
                name: maps
                version: "1"
                steps:
                  - {id: a, function: weather/forecast, map: {maxConcurrency: 0, toleratedFailures: -1, toleratedFailurePercent: 150}}
                  - {id: b, function: weather/forecast, map: {items: '[[[', each: 1}}
                  - {id: c, function: weather/forecast, map: {items: .input.xs}, fallback: {function: weather/forecast}}
                  - {id: d, wait: {signal: go}, map: {items: .input.xs}}
                  - {id: e, function: weather/forecast, map: [1, 2]}
                  - {id: f, function: weather/forecast, workflow: {name: other}}
                  - {id: g, workflow: {name: Not A Name, version: '', level: 2}, timeout: 8d}
                  - {id: h, workflow: child-name}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8))).errors();

        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("steps[0].map.items", "steps[0].map.maxConcurrency",
                "steps[0].map.toleratedFailures", "steps[0].map.toleratedFailurePercent", "steps[1].map.items", "steps[1].map.each",
                "steps[2].fallback", "steps[3].map", "steps[4].map", "steps[5]", "steps[6].workflow.name", "steps[6].workflow.version",
                "steps[6].workflow.level", "steps[6].timeout", "steps[7].workflow");
        assertThat(errors).filteredOn(e -> e.field().equals("steps[0].map.maxConcurrency")).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("must be 1..1000, was 0"));
    }

    @Test
    void unknownFunctionsAreRejectedWithTheKnownOnes() {
        List<FieldError> errors = validate("""
                name: functions
                version: "1"
                steps:
                  - id: a
                    function: weather/hurricane
                    compensation: {function: weather/undo}
                """);

        assertThat(errors).extracting(FieldError::field).containsExactly("steps[0].function", "steps[0].compensation.function");
        assertThat(errors.get(0).message()).contains("weather/forecast");
    }

    @Test
    void diamondIsNotACycle() {
        assertThat(validate("""
                name: diamond
                version: "1"
                steps:
                  - {id: a, function: weather/forecast}
                  - {id: b, function: weather/forecast, dependsOn: [a]}
                  - {id: c, function: weather/forecast, dependsOn: [a]}
                  - {id: d, function: weather/forecast, dependsOn: [b, c], join: any}
                """)).isEmpty();
    }

    private static List<FieldError> validate(String yaml) {
        return DefinitionValidator.validate(read(yaml), CATALOG);
    }
}
