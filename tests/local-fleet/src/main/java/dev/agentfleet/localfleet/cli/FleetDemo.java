package dev.agentfleet.localfleet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.localfleet.fleet.FleetException;
import dev.agentfleet.localfleet.fleet.FleetState;
import dev.agentfleet.localfleet.workflow.WorkflowClient;

/** What {@code ./fleet demo} shows once the fleet is up: a function called by CloudEvent, a workflow, a person's approval. */
public final class FleetDemo {

    private final PrintStream out;
    /** The fleet's sender token (Authorization header): the functions answer only senders they trust. */
    private final String senderAuthorization;

    public FleetDemo(PrintStream out, String senderAuthorization) {
        this.out = out;
        this.senderAuthorization = senderAuthorization;
    }

    public void analysis(FleetState.Entry analysis) {
        String series = "[12.1, 12.4, 12.9, 13.2, 13.0, 13.8, 14.1, 14.0, 14.6, 31.5, 15.2, 15.4, 15.9, 16.1]";
        out.println("Demo: data-analysis/analyze-series, sent as a binary CloudEvent (type dev.agentfleet.analyze-series):");
        out.println("  series " + series);
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(analysis.url() + "/"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", senderAuthorization)
                    .header("ce-specversion", "1.0")
                    .header("ce-id", UUID.randomUUID().toString())
                    .header("ce-source", "/fleet/demo")
                    .header("ce-type", "dev.agentfleet.analyze-series")
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"values\": " + series + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.println("  -> " + response.statusCode() + " " + response.headers().firstValue("ce-type").orElse(""));
            out.println("  " + response.body());
            if (response.statusCode() != 200) {
                throw new FleetException("the demo call to data-analysis answered " + response.statusCode(), FleetException.FAILED);
            }
        } catch (IOException e) {
            throw new FleetException("the demo call to data-analysis failed: " + e.getMessage(), FleetException.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void workflow(FleetState.Entry coordinator) {
        LocalDate start = LocalDate.now().plusDays(3);
        String input = "{\"destination\": \"Lisbon\", \"startDate\": \"" + start + "\", \"endDate\": \"" + start.plusDays(2)
                + "\", \"budget\": 1500, \"groupSize\": 2, \"preferences\": [\"food\", \"museum\"]}";
        out.println("Demo: the travel-planning workflow (forecast, then itinerary and accommodation in parallel):");
        out.println("  POST " + coordinator.url() + "/workflows/runs  " + input);
        WorkflowClient client = new WorkflowClient(coordinator.url());
        try {
            long began = System.nanoTime();
            String id = client.start("travel-planning", WorkflowClient.json(input));
            out.println("  -> run " + id + " started; each step as it moves:");
            JsonNode run = followRun(client, id, began, Duration.ofSeconds(60));
            out.println("  -> run " + id + ": " + run.path("status").asText());
            for (JsonNode step : run.path("steps")) {
                out.printf("     %-14s %-32s %-10s %d attempt(s) %s%n", step.path("id").asText(), step.path("function").asText(),
                        step.path("status").asText(), step.path("attempts").asInt(),
                        step.has("durationMs") ? step.path("durationMs").asLong() + " ms" : "");
            }
            JsonNode output = run.path("output");
            if (!output.isMissingNode()) {
                out.println("  plan: " + output.path("itinerary").path("days").size() + " days, stay at "
                        + output.path("accommodation").path("name").asText("(none found)"));
            } else {
                out.println("  error: " + run.path("error"));
            }
            out.println("  the run:     curl -H \"Authorization: Bearer $(./fleet token)\" " + coordinator.url() + "/workflows/runs/" + id);
            out.println("  its history: curl -H \"Authorization: Bearer $(./fleet token)\" " + coordinator.url() + "/workflows/runs/" + id
                    + "/events");
        } catch (RuntimeException e) {
            throw new FleetException("the workflow demo failed: " + e.getMessage() + "\n(./fleet logs workflow-coordinator)",
                    FleetException.FAILED);
        }
    }

    /** Polls the run and prints a line whenever a step changes state, with the time since the start; returns the final run. */
    private JsonNode followRun(WorkflowClient client, String id, long began, Duration timeout) {
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        long deadline = began + timeout.toNanos();
        while (true) {
            JsonNode run = client.run(id);
            for (JsonNode step : run.path("steps")) {
                String name = step.path("id").asText();
                String status = step.path("status").asText();
                if (!status.equals(seen.put(name, status)) && !status.equals("PENDING")) {
                    out.printf("     %6.2f s  %-14s %-30s %s%n", (System.nanoTime() - began) / 1e9, name, step.path("function").asText(),
                            status + (step.path("attempts").asInt() > 1 ? " (attempt " + step.path("attempts").asInt() + ")" : ""));
                }
            }
            if (WorkflowClient.isFinished(run)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new FleetException("run " + id + " is still " + run.path("status").asText() + " after " + timeout.toSeconds() + " s", FleetException.FAILED);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return run;
            }
        }
    }

    /** customer-service on an unhappy inquiry: the answer waits for a person, who approves it with ./fleet approve. */
    public void approval(FleetState.Entry coordinator) {
        String input = "{\"text\": \"This is the third time my order arrived broken and nobody answers. I am really angry.\", "
                + "\"customerName\": \"Ada\"}";
        out.println("Demo: customer-service on an unhappy inquiry: the answer waits for a person's approval:");
        WorkflowClient client = new WorkflowClient(coordinator.url());
        try {
            long began = System.nanoTime();
            String id = client.start("customer-service", WorkflowClient.json(input));
            out.println("  -> run " + id + " started");
            JsonNode run = client.awaitStep(id, "review", Duration.ofSeconds(60));
            String review = stepStatus(run, "review");
            if (!review.equals("WAITING")) {
                out.println("  the review was not needed (" + review + "); the answer went out as resolved");
                return;
            }
            out.printf("     %6.2f s  review is WAITING for signal approval (approve, edit or escalate; 5 minutes, then it escalates)%n",
                    (System.nanoTime() - began) / 1e9);
            out.println("  ./fleet approve " + id + " approve");
            String token = dev.agentfleet.localfleet.auth.DevTokens.token("demo-reviewer", Duration.ofMinutes(5), "workflow-signal");
            new WorkflowClient(coordinator.url(), token).signal(id, "approval", "fleet-approve",
                    WorkflowClient.json("{\"decision\": \"approve\", \"note\": \"checked in the demo\"}"));
            JsonNode done = followRun(client, id, began, Duration.ofSeconds(60));
            out.println("  -> run " + id + ": " + done.path("status").asText() + ", review " + done.path("output").path("review"));
        } catch (RuntimeException e) {
            throw new FleetException("the approval demo failed: " + e.getMessage() + "\n(./fleet logs workflow-coordinator)",
                    FleetException.FAILED);
        }
    }

    private static String stepStatus(JsonNode run, String step) {
        for (JsonNode s : run.path("steps")) {
            if (s.path("id").asText().equals(step)) {
                return s.path("status").asText();
            }
        }
        return "";
    }
}
