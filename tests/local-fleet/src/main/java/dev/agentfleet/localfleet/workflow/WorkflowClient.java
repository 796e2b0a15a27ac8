package dev.agentfleet.localfleet.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.localfleet.auth.DevTokens;

/**
 * A small client of the coordinator's run API for the demo, the end-to-end tests and the benchmark: starts runs with a
 * development token and waits for them to finish.
 */
public final class WorkflowClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINISHED = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String authorization;

    /** A client with a one-hour development token holding every role. */
    public WorkflowClient(String baseUrl) {
        this(baseUrl, DevTokens.token("local-fleet", DevTokens.ALL_ROLES.toArray(String[]::new)));
    }

    public WorkflowClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.authorization = "Bearer " + token;
    }

    /** Starts a run of the latest version of {@code workflow}; returns its id. Throws with the problem body on a non-2xx. */
    public String start(String workflow, JsonNode input) {
        String body = JSON.createObjectNode().put("workflow", workflow).set("input", input).toString();
        return send(request("/workflows/runs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))).path("id").asText();
    }

    /** Registers a definition (YAML or JSON text); needs workflow-admin. Returns the registered definition. */
    public JsonNode register(String definition) {
        return send(request("/workflows/definitions").header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(definition)));
    }

    /** Sends the signal {@code name} (its id makes a repeat harmless); needs workflow-signal or the step's roles. */
    public JsonNode signal(String runId, String name, String signalId, JsonNode payload) {
        String body = JSON.createObjectNode().put("id", signalId).set("payload", payload).toString();
        return send(request("/workflows/runs/" + runId + "/signals/" + name).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Polls until the step has left PENDING or the run is finished, and returns the run; throws when {@code timeout} passes first. */
    public JsonNode awaitStep(String runId, String step, Duration timeout) {
        return await(runId, timeout, run -> isFinished(run) || hasLeftPending(run, step), "step " + step + " is still pending");
    }

    private static boolean hasLeftPending(JsonNode run, String step) {
        for (JsonNode s : run.path("steps")) {
            if (s.path("id").asText().equals(step) && !s.path("status").asText().equals("PENDING")) {
                return true;
            }
        }
        return false;
    }

    /** The run's current view (status, steps, output, failure). */
    public JsonNode run(String runId) {
        return send(request("/workflows/runs/" + runId).GET());
    }

    /**
     * One page of the runs of {@code workflow} in {@code status}, newest first, from {@code cursor} (null: the newest), as
     * {@code GET /workflows/runs} answers it: a page filtered this way may be short, or empty, and still have a
     * {@code next}.
     */
    public JsonNode list(String workflow, String status, String cursor) {
        return send(request("/workflows/runs?workflow=" + java.net.URLEncoder.encode(workflow, java.nio.charset.StandardCharsets.UTF_8)
                + "&status=" + status + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor,
                        java.nio.charset.StandardCharsets.UTF_8))).GET());
    }

    /** Whether any run of {@code workflow} is in {@code status}: every page, to the end of the listing. */
    public boolean any(String workflow, String status) {
        String cursor = null;
        do {
            JsonNode page = list(workflow, status, cursor);
            if (page.path("runs").size() > 0) {
                return true;
            }
            cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
        } while (cursor != null);
        return false;
    }

    /** How many retained runs are in each status ({@code GET /workflows/runs/counts}). */
    public JsonNode counts() {
        return send(request("/workflows/runs/counts").GET());
    }

    /** The run's history, oldest first. */
    public JsonNode events(String runId) {
        return send(request("/workflows/runs/" + runId + "/events").GET());
    }

    /** Polls until the run is finished (any terminal status) and returns it; throws when {@code timeout} passes first. */
    public JsonNode awaitFinished(String runId, Duration timeout) {
        return await(runId, timeout, WorkflowClient::isFinished, "it is not finished");
    }

    /**
     * Reads the run every 50 ms until {@code done} holds. A read that times out counts as one more look, not as the end:
     * the coordinator may be slow for a while on a loaded machine, and only {@code timeout} decides how long is too long.
     */
    private JsonNode await(String runId, Duration timeout, java.util.function.Predicate<JsonNode> done, String stillWhat) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int slowReads = 0;
        JsonNode run = null;
        while (true) {
            try {
                run = run(runId);
                if (done.test(run)) {
                    return run;
                }
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof java.net.http.HttpTimeoutException)) {
                    throw e;
                }
                slowReads++;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("run " + runId + ": " + stillWhat + " after " + timeout + " (last seen "
                        + (run == null ? "never" : run.path("status").asText()) + (slowReads > 0 ? "; " + slowReads
                        + " reads timed out" : "") + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Whether a run view is in a final state. */
    public static boolean isFinished(JsonNode run) {
        return FINISHED.contains(run.path("status").asText());
    }

    /** Parses a JSON text (for building inputs). */
    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", authorization)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(10));
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
