package dev.agentfleet.coordinator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agentfleet.sdk.problem.FieldError;

class DefinitionReaderTest {

    static final CapabilityCatalog CATALOG = new CapabilityCatalog(Set.of("weather/forecast", "planning/plan-itinerary",
            "planning/find-accommodation", "customer-service/classify-inquiry", "customer-service/resolve-issue",
            "customer-service/escalate-issue", "customer-service/template-answer", "data-analysis/analyze-series", "data-analysis/assess-quality",
            "security-monitor/detect-threats", "security-monitor/assess-incident"));

    @ParameterizedTest
    @ValueSource(strings = { "travel-planning", "customer-service", "security-triage" })
    void seedWorkflowsAreValid(String name) {
        DefinitionReader.Result result = DefinitionReader.read(DefinitionDocuments.parse(SeedWorkflows.document(name)));

        assertThat(result.errors()).isEmpty();
        assertThat(DefinitionValidator.validate(result.definition(), CATALOG)).isEmpty();
        assertThat(result.definition().name()).isEqualTo(name);
    }

    @Test
    void travelPlanningRunsItineraryAndAccommodationInParallelAfterTheForecast() {
        WorkflowDefinition travel = read(new String(SeedWorkflows.document("travel-planning")));

        assertThat(travel.step("itinerary").orElseThrow().dependsOn()).containsExactly("forecast");
        assertThat(travel.step("accommodation").orElseThrow().dependsOn()).containsExactly("forecast");
        assertThat(travel.step("forecast").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void customerServiceHasTheTenMinuteSlaAndEscalationAsCompensation() {
        WorkflowDefinition cs = read(new String(SeedWorkflows.document("customer-service")));

        assertThat(cs.deadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(cs.step("classify").orElseThrow().compensation().function()).isEqualTo("customer-service/escalate-issue");
    }

    @Test
    void defaultsApplyWhenLeftOut() {
        StepDefinition step = read("""
                name: tiny
                version: "1"
                steps:
                  - id: only
                    function: weather/forecast
                """).steps().get(0);

        assertThat(step.input()).isEqualTo(".input");
        assertThat(step.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(step.retry()).isEqualTo(RetryPolicy.DEFAULT);
        assertThat(step.join()).isEqualTo(JoinMode.ALL);
    }

    @Test
    void everyBadFieldIsNamedWithItsPath() {
        List<FieldError> errors = errors("""
                name: Bad Name
                version: "1"
                colour: blue
                steps:
                  - id: a
                    function: weather/forecast
                    input: '{unclosed: .input'
                    timeout: soon
                    retry: {maxAttempts: 0, multiplier: 0.5, jitter: 2, retryOn: [sometimes]}
                  - function: weatherforecast
                    join: most
                """);

        assertThat(errors).extracting(FieldError::field).contains("name", "colour", "steps[0].input", "steps[0].timeout",
                "steps[0].retry.maxAttempts", "steps[0].retry.multiplier", "steps[0].retry.jitter", "steps[0].retry.retryOn[0]",
                "steps[1].id", "steps[1].function", "steps[1].join");
        assertThat(errors).filteredOn(e -> e.field().equals("steps[0].retry.multiplier"))
                .extracting(FieldError::message).containsExactly("must be >= 1, was 0.5");
        assertThat(errors).filteredOn(e -> e.field().equals("steps[0].input"))
                .allSatisfy(e -> assertThat(e.message()).startsWith("is not valid jq"));
    }

    @Test
    void shortAndIsoDurationsAreBothRead() {
        WorkflowDefinition d = read("""
                name: durations
                version: "1"
                deadline: PT2M
                steps:
                  - {id: a, function: weather/forecast, timeout: 500ms, retry: {initialBackoff: 1s, maxBackoff: 1m}}
                """);

        assertThat(d.deadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.steps().get(0).timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(d.steps().get(0).retry().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void emptyStepsAreRejected() {
        assertThat(errors("name: empty\nversion: '1'\nsteps: []\n")).extracting(FieldError::field).containsExactly("steps");
    }

    static WorkflowDefinition read(String yaml) {
        DefinitionReader.Result result = DefinitionReader.read(DefinitionDocuments.parse(yaml.getBytes()));
        assertThat(result.errors()).isEmpty();
        return result.definition();
    }

    static List<FieldError> errors(String yaml) {
        return DefinitionReader.read(DefinitionDocuments.parse(yaml.getBytes())).errors();
    }

    @Test
    void everyDurationIsBoundedSoNoLaterArithmeticCanOverflow() {
        List<FieldError> errors = errors("""
                name: bounded
                version: "1"
                deadline: 100000000d
                steps:
                  - id: a
                    function: weather/forecast
                    timeout: PT2562047788015215H
                    retry: {initialBackoff: 2d, maxBackoff: 106751991167300d, multiplier: 1e308}
                """);
        assertThat(errors).extracting(FieldError::field).contains("deadline", "steps[0].timeout",
                "steps[0].retry.initialBackoff", "steps[0].retry.maxBackoff", "steps[0].retry.multiplier");
        assertThat(errors).filteredOn(e -> e.field().equals("steps[0].retry.initialBackoff"))
                .extracting(FieldError::message).containsExactly("must be at most PT24H, was PT48H");
    }

    @Test
    void theSeedWorkflowsKeepTheContentHashesTheyWereFirstRegisteredWith() {
        // A changed canonical form would make every replica's start-up registration of version "1" a conflict with what
        // a running deployment stored: these hashes may change only with a new seed version.
        java.util.Map<String, String> pinned = java.util.Map.of(
                "travel-planning", "sha256:7bbf21b1bb03a50ee89ec159426ac5386581bfc2744ac5239a87633a5c8a26a8",
                "customer-service", "sha256:d6f1bd678002417ea387983207cfb3a310a0ffd144b264e6518c9728fb68a3fb", // version 3
                "security-triage", "sha256:f9397fa42e823f36f9d26771ca17138930fca10e90ae511ae516d136562385c3"); // version 2
        pinned.forEach((name, hash) -> assertThat(DefinitionDocuments.hash(DefinitionDocuments.canonicalJson(
                DefinitionReader.read(DefinitionDocuments.parse(SeedWorkflows.document(name))).definition())))
                .as(name).isEqualTo(hash));
    }
}
