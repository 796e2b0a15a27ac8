package dev.agentfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.localfleet.workflow.WorkflowClient;

/**
 * The three seed workflows, started over HTTP on the coordinator of a real local fleet (Redis, every function, the
 * Open-Meteo stand-in, each its own process), run to completion against the real functions.
 */
class SeedWorkflowsIT {

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private static WorkflowClient workflows;

    @BeforeAll
    static void startFleet() {
        workflows = new WorkflowClient(RunningFleet.component("workflow-coordinator").url());
    }

    @Test
    void travelPlanningForecastsThenPlansItineraryAndAccommodationInParallel() {
        LocalDate start = LocalDate.now().plusDays(5);
        JsonNode run = finish("travel-planning", """
                {"destination": "Lisbon", "startDate": "%s", "endDate": "%s", "budget": 1500, "groupSize": 2,
                 "preferences": ["food", "museum"]}""".formatted(start, start.plusDays(2)));

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        Map<String, JsonNode> steps = steps(run);
        assertThat(steps.keySet()).containsExactly("forecast", "itinerary", "accommodation");
        steps.values().forEach(s -> assertThat(s.path("attempts").asInt()).isEqualTo(1));
        // itinerary and accommodation both wait for the forecast, then overlap.
        Instant forecastDone = at(steps.get("forecast"), "finishedAt");
        assertThat(at(steps.get("itinerary"), "startedAt")).isAfterOrEqualTo(forecastDone);
        assertThat(at(steps.get("accommodation"), "startedAt")).isAfterOrEqualTo(forecastDone)
                .isBefore(at(steps.get("itinerary"), "finishedAt"));

        JsonNode output = run.path("output");
        assertThat(output.path("destination").asText()).isEqualTo("Lisbon");
        assertThat(output.path("forecast")).hasSize(3);
        assertThat(output.path("itinerary").path("days")).hasSize(3);
        assertThat(output.path("accommodation").path("name").asText()).isNotBlank();
        assertThat(output.path("accommodation").path("totalPrice").decimalValue()).isPositive();
    }

    @Test
    void customerServiceClassifiesResolvesAndAssessesAnInquiry() {
        JsonNode run = finish("customer-service", """
                {"text": "I was charged twice for my subscription this month, please refund the duplicate payment.",
                 "customerName": "Ada"}""");

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(steps(run).keySet()).containsExactly("classify", "resolve", "quality", "review", "escalate");
        // a calm inquiry the classifier is sure of needs no person: the answer goes out as resolved
        assertThat(steps(run).get("review").path("status").asText()).isEqualTo("SKIPPED");
        assertThat(steps(run).get("escalate").path("status").asText()).isEqualTo("SKIPPED");
        JsonNode output = run.path("output");
        assertThat(output.path("review").path("decision").asText()).isEqualTo("not needed");
        assertThat(output.path("classification").path("category").asText()).isEqualTo("billing");
        assertThat(output.path("resolution").asText()).contains("Ada");
        assertThat(output.path("articles")).isNotEmpty();
        assertThat(output.path("quality").isObject()).isTrue();
        // No compensation ran: the escalation is only for inquiries that cannot be resolved.
        assertThat(steps(run).get("classify").has("compensation")).isFalse();
    }

    @Test
    void customerServiceHoldsAnAnswerToAnUnhappyCustomerUntilAPersonDecides() {
        String unhappy = "{\"text\": \"This is the third time my order arrived broken and nobody answers. I am really angry.\","
                + " \"customerName\": \"Ada\"}";
        String edited = workflows.start("customer-service", WorkflowClient.json(unhappy));
        assertThat(step(workflows.awaitStep(edited, "review", RUN_TIMEOUT), "review").path("status").asText()).isEqualTo("WAITING");
        WorkflowClient reviewer = new WorkflowClient(RunningFleet.component("workflow-coordinator").url(),
                dev.agentfleet.localfleet.auth.DevTokens.token("reviewer", "workflow-signal"));
        reviewer.signal(edited, "approval", "review-1", WorkflowClient.json(
                "{\"decision\": \"edit\", \"text\": \"Ada, we are sorry: a replacement ships today, at our cost.\"}"));
        JsonNode run = workflows.awaitFinished(edited, RUN_TIMEOUT);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.path("output").path("resolution").asText()).isEqualTo("Ada, we are sorry: a replacement ships today, at our cost.");
        assertThat(step(run, "review").path("signalledBy").asText()).isEqualTo("user:reviewer");
        assertThat(step(run, "escalate").path("status").asText()).isEqualTo("SKIPPED");

        String escalated = workflows.start("customer-service", WorkflowClient.json(unhappy));
        workflows.awaitStep(escalated, "review", RUN_TIMEOUT);
        reviewer.signal(escalated, "approval", "review-2", WorkflowClient.json("{\"decision\": \"escalate\", \"note\": \"refund case\"}"));
        run = workflows.awaitFinished(escalated, RUN_TIMEOUT);
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(step(run, "escalate").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("output").path("escalation").isObject()).as(run.toString()).isTrue();
        assertThat(run.path("output").path("resolution").isNull()).isTrue();
    }

    @Test
    void securityTriageAnalysesTheIncidentSeriesWhenThereAreEnoughIncidents() {
        JsonNode run = finish("security-triage", """
                {"events": [
                  {"timestamp": "2026-11-01T10:00:00Z", "kind": "request", "ip": "203.0.113.1", "method": "GET",
                   "path": "/p?id=1' OR '1'='1", "status": 200},
                  {"timestamp": "2026-11-01T10:05:00Z", "kind": "request", "ip": "203.0.113.2", "method": "GET",
                   "path": "/p?q=<script>alert(1)</script>", "status": 200},
                  {"timestamp": "2026-11-01T10:10:00Z", "kind": "request", "ip": "203.0.113.3", "method": "GET",
                   "path": "/files?name=../../../../etc/passwd", "status": 404},
                  {"timestamp": "2026-11-01T10:15:00Z", "kind": "request", "ip": "203.0.113.4", "method": "GET",
                   "path": "/p?id=1 UNION SELECT password FROM users", "status": 200}
                ]}""");

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(steps(run).get("analyse").path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode output = run.path("output");
        assertThat(output.path("incidents").size()).isGreaterThanOrEqualTo(3);
        assertThat(output.path("countsByType").path("SQL_INJECTION").asInt()).isEqualTo(2);
        assertThat(output.path("severityTrend").path("direction").isTextual()).isTrue();
        // one assessment per incident, by the map step, in the incidents' order
        JsonNode assess = steps(run).get("assess");
        assertThat(assess.path("items").path("total").asInt()).isEqualTo(output.path("incidents").size());
        assertThat(assess.path("items").path("succeeded").asInt()).isEqualTo(output.path("incidents").size());
        assertThat(output.path("assessments").size()).isEqualTo(output.path("incidents").size());
        for (int i = 0; i < output.path("incidents").size(); i++) {
            assertThat(output.path("assessments").get(i).path("type").asText()).isEqualTo(output.path("incidents").get(i).path("type").asText());
            assertThat(output.path("assessments").get(i).path("priority").asText()).matches("P[1-4]");
        }
    }

    @Test
    void securityTriageSkipsTheAnalysisOfAQuietBatch() {
        JsonNode run = finish("security-triage", """
                {"events": [{"timestamp": "2026-11-01T10:00:00Z", "kind": "auth", "user": "u-1", "ip": "198.51.100.7",
                             "success": true}]}""");

        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(steps(run).get("analyse").path("status").asText()).isEqualTo("SKIPPED");
        assertThat(run.path("output").path("incidents")).isEmpty();
        assertThat(run.path("output").path("assessments")).isEmpty(); // a map over no items is done at once
        assertThat(steps(run).get("assess").path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("output").path("severityTrend").isNull()).isTrue();
        List<String> history = StreamSupport.stream(workflows.events(run.path("id").asText()).path("events").spliterator(), false)
                .map(e -> e.path("type").asText()).toList();
        assertThat(history).first().isEqualTo("run-started");
        assertThat(history).last().isEqualTo("run-succeeded");
    }

    private static JsonNode finish(String workflow, String input) {
        String id = workflows.start(workflow, WorkflowClient.json(input));
        return workflows.awaitFinished(id, RUN_TIMEOUT);
    }

    private static Map<String, JsonNode> steps(JsonNode run) {
        Map<String, JsonNode> steps = new java.util.LinkedHashMap<>();
        run.path("steps").forEach(s -> steps.put(s.path("id").asText(), s));
        return steps;
    }

    private static JsonNode step(JsonNode run, String id) {
        return steps(run).get(id);
    }

    private static Instant at(JsonNode step, String field) {
        return Instant.parse(step.path(field).asText());
    }
}
