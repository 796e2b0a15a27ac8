package dev.agentfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.fleet.FleetState;

/**
 * A bounded, seeded fuzzer against every public endpoint of the running fleet: each function by plain HTTP, binary
 * and structured CloudEvent, and the coordinator's run and definition API and CloudEvent entry. Bodies are malformed
 * JSON, wrong types, random values, deep nesting, huge strings and bodies over the limit, with odd content types.
 * Nothing may answer 5xx, every rejection must be a problem body, and every process must still be alive at the end.
 *
 * <p>{@code -Dfuzz.requests=N} (default 1,500) and {@code -Dfuzz.seed=S} (default 20261123) choose the run.
 */
class FuzzIT {

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1500);
    /** The applications' request body limit ({@code quarkus.http.limits.max-body-size}, 1 MB). */
    private static final int BODY_LIMIT = 1 << 20;
    private static final long SEED = Long.getLong("fuzz.seed", 20261123L);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each function service and the functions it serves. */
    private static final Map<String, List<String>> FUNCTIONS = Map.of(
            "weather", List.of("forecast"),
            "planning", List.of("plan-itinerary", "find-accommodation"),
            "customer-service", List.of("classify-inquiry", "resolve-issue", "escalate-issue", "template-answer"),
            "data-analysis", List.of("analyze-series", "assess-quality"),
            "security-monitor", List.of("detect-threats", "assess-incident"));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Random random = new Random(SEED);
    private final String token = "Bearer " + DevTokens.token("fuzz", DevTokens.ALL_ROLES.toArray(String[]::new));

    @Test
    void noInputMakesAnyEndpointFailOrAnyProcessDie() throws Exception {
        List<Target> targets = targets();
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Target target = targets.get(random.nextInt(targets.size()));
            byte[] body = body();
            HttpRequest request = target.request(body, contentType(), random);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // Over the 1 MB body limit a server may answer 413 and close while the client is still sending, which
                // the client can see as no answer at all: acceptable, as long as the endpoint answers the next request.
                if (body.length <= BODY_LIMIT || !answers(target)) {
                    failures.add(target.name() + " -> no answer (" + e + ") for " + preview(body));
                }
                statuses.merge(target.name() + " closed", 1, Integer::sum);
                continue;
            }
            statuses.merge(target.name() + " " + response.statusCode(), 1, Integer::sum);
            String problem = problem(response);
            if (response.statusCode() >= 500 || (response.statusCode() >= 400 && problem != null)) {
                failures.add(target.name() + " -> " + response.statusCode() + " " + (problem == null ? "" : problem + " ")
                        + "for " + preview(body));
            }
        }
        List<String> dead = RunningFleet.get().stream().filter(e -> !e.alive()).map(FleetState.Entry::name).toList();

        System.out.printf("fuzz: %d requests (seed %d) over %d targets; answers by target and status: %s%n", REQUESTS, SEED,
                targets.size(), statuses);
        assertThat(failures).as("5xx answers, or 4xx without a problem body").isEmpty();
        assertThat(dead).as("processes that died").isEmpty();
    }

    /** Null when the answer is fine; otherwise what is wrong with its body. */
    private static String problem(HttpResponse<String> response) {
        if (response.statusCode() < 400) {
            return null;
        }
        String type = response.headers().firstValue("content-type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return "(content-type " + type + ")";
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            return body.path("status").asInt() == response.statusCode() && body.hasNonNull("title") ? null : "(problem " + body + ")";
        } catch (Exception e) {
            return "(body is not JSON: " + preview(response.body().getBytes(StandardCharsets.UTF_8)) + ")";
        }
    }

    private List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        FUNCTIONS.forEach((service, functions) -> {
            String base = RunningFleet.component(service).url();
            for (String function : functions) {
                targets.add(new Target(service + "/" + function + " http", base + "/" + function, Mode.PLAIN, null));
                targets.add(new Target(service + "/" + function + " binary-ce", base + "/", Mode.BINARY, "dev.agentfleet." + function));
                targets.add(new Target(service + "/" + function + " structured-ce", base + "/", Mode.STRUCTURED,
                        "dev.agentfleet." + function));
            }
        });
        String coordinator = RunningFleet.component("workflow-coordinator").url();
        targets.add(new Target("coordinator start-run", coordinator + "/workflows/runs", Mode.API, token));
        targets.add(new Target("coordinator register-definition", coordinator + "/workflows/definitions", Mode.API, token));
        targets.add(new Target("coordinator cancel", coordinator + "/workflows/runs/r1-" + UUID.randomUUID() + "/cancel", Mode.API,
                token));
        targets.add(new Target("coordinator list-runs", coordinator + "/workflows/runs?limit=", Mode.QUERY, token));
        targets.add(new Target("coordinator get-run", coordinator + "/workflows/runs/", Mode.PATH, token));
        targets.add(new Target("coordinator start-workflow binary-ce", coordinator + "/", Mode.BINARY, "dev.agentfleet.workflow.start"));
        targets.add(new Target("coordinator start-workflow structured-ce", coordinator + "/", Mode.STRUCTURED,
                "dev.agentfleet.workflow.start"));
        targets.add(new Target("coordinator dead-letter binary-ce", coordinator + "/dead-letters", Mode.BINARY, "dev.agentfleet.forecast"));
        targets.add(new Target("coordinator dead-letter structured-ce", coordinator + "/dead-letters", Mode.STRUCTURED,
                "dev.agentfleet.forecast"));
        // a run whose answer waits for a person: the signal's body and payload are fuzzed against the step's schema
        String waiting = new dev.agentfleet.localfleet.workflow.WorkflowClient(coordinator).start("customer-service",
                dev.agentfleet.localfleet.workflow.WorkflowClient.json("{\"text\": \"This is the third time my order arrived broken and"
                        + " nobody answers. I am really angry.\"}"));
        targets.add(new Target("coordinator signal", coordinator + "/workflows/runs/" + waiting + "/signals/approval", Mode.API, token));
        targets.add(new Target("coordinator signal-workflow binary-ce", coordinator + "/", Mode.BINARY, "dev.agentfleet.workflow.signal"));
        targets.add(new Target("coordinator signal-workflow structured-ce", coordinator + "/", Mode.STRUCTURED,
                "dev.agentfleet.workflow.signal"));
        targets.add(new Target("coordinator map-items", coordinator + "/workflows/runs/" + waiting + "/steps/assess/items?limit=", Mode.QUERY,
                token));
        // a run's history stream: fuzzed run ids (404) and, for a finished run (whose stream ends at once), fuzzed Last-Event-IDs
        dev.agentfleet.localfleet.workflow.WorkflowClient client = new dev.agentfleet.localfleet.workflow.WorkflowClient(coordinator);
        java.time.LocalDate day = java.time.LocalDate.now().plusDays(3);
        String finished = client.start("travel-planning", dev.agentfleet.localfleet.workflow.WorkflowClient.json("{\"destination\": \"Lisbon\","
                + " \"startDate\": \"" + day + "\", \"endDate\": \"" + day.plusDays(1) + "\", \"budget\": 1500, \"groupSize\": 2}"));
        client.awaitFinished(finished, Duration.ofSeconds(60));
        targets.add(new Target("coordinator run-stream", coordinator + "/workflows/runs/" + finished, Mode.STREAM, token));
        for (String request : List.of("pause", "resume", "redrive")) {
            targets.add(new Target("coordinator " + request, coordinator + "/workflows/runs/r1-" + UUID.randomUUID() + "/" + request,
                    Mode.API, token));
        }
        targets.add(new Target("coordinator dead-letter replay", coordinator + "/dead-letters/", Mode.ACTION, token));
        targets.add(new Target("coordinator no-token", coordinator + "/workflows/runs", Mode.API, "Bearer " + java.util.HexFormat.of().formatHex(randomText(20).getBytes(StandardCharsets.UTF_8))));
        return targets;
    }

    private enum Mode { PLAIN, BINARY, STRUCTURED, API, QUERY, PATH, STREAM, ACTION }

    /** One endpoint and how to address it. {@code extra} is the CloudEvent type or the Authorization header. */
    private record Target(String name, String url, Mode mode, String extra) {

        HttpRequest request(byte[] body, String contentType, Random random) {
            HttpRequest.Builder b = HttpRequest.newBuilder().timeout(Duration.ofSeconds(20));
            if (mode == Mode.PLAIN || mode == Mode.BINARY || mode == Mode.STRUCTURED) {
                // The fleet verifies senders as a region does: most calls carry its token, one in eight none (401).
                if (random.nextInt(8) != 0) {
                    b.header("Authorization", RunningFleet.senderAuthorization());
                }
            }
            switch (mode) {
                case PLAIN -> b.uri(URI.create(url)).header("Content-Type", contentType);
                case BINARY -> b.uri(URI.create(url)).header("Content-Type", contentType).header("ce-specversion", random.nextInt(5) == 0 ? "0.3" : "1.0")
                        .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/fuzz").header("ce-type", extra);
                case STRUCTURED -> {
                    String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/fuzz\",\"type\":\""
                            + extra + "\",\"datacontenttype\":\"application/json\",\"data\":" + new String(body, StandardCharsets.UTF_8) + "}";
                    body = random.nextInt(4) == 0 ? body : event.getBytes(StandardCharsets.UTF_8);
                    b.uri(URI.create(url)).header("Content-Type", "application/cloudevents+json");
                }
                case API -> b.uri(URI.create(url)).header("Content-Type", contentType).header("Authorization", extra);
                case QUERY -> {
                    String text = new String(body, StandardCharsets.UTF_8);
                    // Within the URI length the HTTP server takes (its 414 comes before any application code):
                    // 330 characters, percent-encoded UTF-8.
                    return b.uri(URI.create(url + encoded(text, 100) + "&status=" + encoded(text, 50) + "&cursor=" + encoded(text, 80)
                            + "&startedBy=" + encoded(text, 80) + "&createdFrom=" + encoded(text, 20)))
                            .header("Authorization", extra).GET().build();
                }
                case PATH -> {
                    String id = encoded(new String(body, StandardCharsets.UTF_8), 300);
                    return b.uri(URI.create(url + (id.isEmpty() ? "x" : id))).header("Authorization", extra).GET().build();
                }
                case STREAM -> {
                    String text = new String(body, StandardCharsets.UTF_8);
                    String run = random.nextBoolean() ? url : url.substring(0, url.lastIndexOf('/') + 1) + (text.isEmpty() ? "x" : encoded(text, 200));
                    return b.uri(URI.create(run + "/stream")).header("Authorization", extra)
                            .header("Last-Event-ID", encoded(text, 60)).GET().build();
                }
                case ACTION -> { // a fuzzed id in an action's path: POST <url><id>/replay
                    String id = encoded(new String(body, StandardCharsets.UTF_8), 200);
                    return b.uri(URI.create(url + (id.isEmpty() ? "x" : id) + "/replay")).header("Authorization", extra)
                            .POST(HttpRequest.BodyPublishers.noBody()).build();
                }
                default -> throw new IllegalStateException();
            }
            return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }
    }

    /** The first {@code max} characters of {@code text}, URL-encoded. */
    private static String encoded(String text, int max) {
        return java.net.URLEncoder.encode(text.substring(0, Math.min(text.length(), max)), StandardCharsets.UTF_8);
    }

    private String contentType() {
        return switch (random.nextInt(10)) {
            case 0 -> "text/plain";
            case 1 -> "application/xml";
            case 2 -> "application/yaml";
            case 3 -> "application/json; charset=latin1";
            case 4 -> "multipart/form-data; boundary=x";
            default -> "application/json";
        };
    }

    /** A fuzzed body: mostly JSON-shaped, with the usual ways of being wrong. */
    /** Whether the endpoint gives a small request an HTTP answer (any status): it is neither wedged nor gone. */
    private boolean answers(Target target) {
        try {
            // its own generator, so the fuzz sequence stays the same whether or not this ran
            http.send(target.request("{}".getBytes(StandardCharsets.UTF_8), "application/json", new Random(SEED)),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] body() {
        String text = switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> randomText(random.nextInt(200));
            case 3 -> "[".repeat(5000) + "]".repeat(5000);
            case 4 -> "{\"values\": \"" + "x".repeat(2_000_000) + "\"}";
            case 5 -> "null";
            case 6 -> String.valueOf(random.nextDouble() * 1e300);
            case 7 -> "{\"workflow\": " + randomValue(3) + ", \"input\": " + randomValue(3) + "}";
            case 8 -> "{\"workflow\": \"travel-planning\", \"input\": " + randomValue(4) + ", \"idempotencyKey\": " + randomValue(1) + "}";
            case 9 -> "name: " + randomText(10) + "\nsteps:\n  - {id: a, function: " + randomText(8) + ", input: '" + randomText(20) + "'}\n";
            default -> randomObject(3);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String randomObject(int depth) {
        String[] fields = { "values", "text", "place", "destination", "startDate", "endDate", "budget", "groupSize", "events",
            "inquiry", "category", "series", "zThreshold", "preferences", "forecast", "timestamp", "kind", "ip", "resolution",
            "checkIn", "checkOut", "near", "name", "version", "steps", "input", "workflow" };
        StringBuilder b = new StringBuilder("{");
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(fields[random.nextInt(fields.length)]).append("\":").append(randomValue(depth));
        }
        return b.append('}').toString();
    }

    private String randomValue(int depth) {
        int pick = random.nextInt(depth <= 0 ? 6 : 9);
        return switch (pick) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextInt());
            case 3 -> String.valueOf(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
            case 4 -> JSON.valueToTree(randomText(random.nextInt(30))).toString();
            case 5 -> JSON.valueToTree(java.time.LocalDate.now().plusDays(random.nextInt(4000) - 2000).toString()).toString();
            case 6, 7 -> {
                StringBuilder b = new StringBuilder("[");
                int n = random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    b.append(i == 0 ? "" : ",").append(randomValue(depth - 1));
                }
                yield b.append(']').toString();
            }
            default -> randomObject(depth - 1);
        };
    }

    private String randomText(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            b.appendCodePoint(kind < 6 ? 32 + random.nextInt(95) : kind < 8 ? 0x80 + random.nextInt(0x700) : random.nextInt(0x10FFFF));
        }
        return b.toString().replaceAll("[\\uD800-\\uDFFF]", "?");
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 120 ? text.substring(0, 120) + "... (" + body.length + " bytes)" : text;
    }
}
