package dev.agentfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.cli.ApiCli;

/**
 * {@code ./fleet runs ...} and {@code ./fleet defs ...} against a real local fleet: register a definition from a file,
 * start a run and wait for it, read it as a table and as JSON, list runs and definitions, read its history; refusals
 * print the API's problem and exit 1.
 */
class FleetApiCliIT {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private int fleet(String... args) {
        printed.reset();
        ApiCli.Target target = new ApiCli.Target(RunningFleet.component("workflow-coordinator").url(),
                "Bearer " + DevTokens.token("cli-it", "workflow-submit", "workflow-read", "workflow-admin"));
        return new ApiCli(new PrintStream(printed, true, StandardCharsets.UTF_8), target).run(args);
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void peopleReadTablesAndScriptsReadJson() throws Exception {
        assertThat(fleet("defs", "list")).isZero();
        assertThat(output()).startsWith("NAME").contains("travel-planning", "customer-service", "security-triage");

        String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("definition", ".yaml");
        Files.writeString(file, "name: " + name + "\nversion: \"1\"\nsteps:\n  - {id: series, function: data-analysis/analyze-series,"
                + " input: '{values: .input.values}'}\noutput: .steps.series.output\n");
        assertThat(fleet("defs", "apply", file.toString())).isZero();
        assertThat(output()).startsWith(name + " 1 sha256:");

        LocalDate start = LocalDate.now().plusDays(3);
        assertThat(fleet("runs", "start", "travel-planning", "--wait", "--input", """
                {"destination": "Lisbon", "startDate": "%s", "endDate": "%s", "budget": 1500, "groupSize": 2}"""
                .formatted(start, start.plusDays(1)))).isZero();
        String[] started = output().trim().split(" ");
        assertThat(started[1]).isEqualTo("SUCCEEDED");
        String run = started[0];

        assertThat(fleet("runs", "get", run)).isZero();
        assertThat(output()).contains(run + "  travel-planning", "STEP", "forecast", "SUCCEEDED");
        assertThat(fleet("runs", "events", run)).isZero();
        assertThat(output()).contains("run-started", "run-succeeded");
        assertThat(fleet("runs", "list", "--workflow", "travel-planning", "--json")).isZero();
        JsonNode listed = new ObjectMapper().readTree(output());
        assertThat(listed.path("runs").findValuesAsText("id")).contains(run);
        assertThat(fleet("runs", "list", "--workflow", "travel-planning", "--to", "2000-01-01T00:00:00Z", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(output()).path("runs")).as("no run was created before 2000").isEmpty();
        assertThat(fleet("runs", "counts")).isZero();
        assertThat(output()).startsWith("STATUS").contains("SUCCEEDED", "RUNNING");
        assertThat(fleet("runs", "list", "--from", "last week")).isEqualTo(1);
        assertThat(output()).contains("400", "createdFrom");

        assertThat(fleet("console")).isZero();
        String link = output().trim();
        assertThat(link).startsWith(RunningFleet.component("workflow-coordinator").url() + "/console/#token=");
        java.net.http.HttpResponse<String> withIt = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(RunningFleet.component("workflow-coordinator").url() + "/workflows/runs/" + run))
                .header("Authorization", "Bearer " + link.substring(link.indexOf("#token=") + 7)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(withIt.statusCode()).as("the link's token reads the API").isEqualTo(200);
    }

    @Test
    void refusalsPrintTheProblemAndExitOne() {
        assertThat(fleet("runs", "get", "r1-00000000-0000-0000-0000-000000000000")).isEqualTo(1);
        assertThat(output()).startsWith("fleet: 404 ");
        assertThat(fleet("runs", "start", "no-such-workflow")).isEqualTo(1);
        assertThat(output()).contains("404", "workflow: is not registered");
        assertThat(fleet("runs", "frobnicate")).isNotZero();
        assertThat(output()).contains("Unmatched argument");
    }
}
