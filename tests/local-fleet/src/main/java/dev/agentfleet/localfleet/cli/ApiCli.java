package dev.agentfleet.localfleet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.fleet.FleetException;
import dev.agentfleet.localfleet.fleet.FleetState;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./fleet runs ...} and {@code ./fleet defs ...}: the coordinator's API for people (tables) and scripts
 * ({@code --json}: the API's own answer). Against the local fleet by default (its coordinator, a development token of
 * the caller with every role); against any coordinator with {@code --url} and {@code --token} (or
 * {@code AGENTFLEET_URL}, {@code AGENTFLEET_TOKEN}). A refusal prints the problem (status, title, detail, each field)
 * and exits 1.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, description = "The workflow coordinator's API from the command line.")
public final class ApiCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the API is and who calls it. */
    public record Target(String url, String authorization) {

        /** AGENTFLEET_URL and AGENTFLEET_TOKEN when set, else the local fleet's coordinator with a development token. */
        static Target of(Path root) {
            String url = System.getenv("AGENTFLEET_URL");
            String token = System.getenv("AGENTFLEET_TOKEN");
            if (url == null) {
                FleetState.Entry coordinator = new FleetState(root.resolve(".fleet")).read().stream()
                        .filter(e -> e.name().equals("workflow-coordinator")).findFirst().orElse(null);
                if (coordinator == null) {
                    throw new FleetException("the coordinator is not running: ./fleet up first (or set AGENTFLEET_URL)", FleetException.USAGE);
                }
                url = coordinator.url();
            }
            return new Target(url, "Bearer " + (token != null ? token : DevTokens.token(System.getProperty("user.name", "developer"),
                    Duration.ofHours(1), DevTokens.ALL_ROLES.toArray(String[]::new))));
        }
    }

    private final PrintStream out;
    /** Resolved when a command first calls the API, so help works without a coordinator. */
    private final java.util.function.Supplier<Target> targets;
    private Target target;

    public ApiCli(PrintStream out, Target target) {
        this(out, () -> target);
    }

    ApiCli(PrintStream out, java.util.function.Supplier<Target> targets) {
        this.out = out;
        this.targets = targets;
    }

    /** Runs {@code args} ({@code runs ...} or {@code defs ...}); the exit code. */
    public int run(String... args) {
        CommandLine line = new CommandLine(this).addSubcommand("runs", new Runs(this)).addSubcommand("defs", new Defs(this))
                .addSubcommand("approve", new Approve(this));
        line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(out, true));
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            out.println("fleet: " + e.getMessage());
            return 1;
        });
        return line.execute(args);
    }

    @Command(name = "console", description = "Print a link to the run console that signs in with this token (it rides in the"
            + " link's fragment, which browsers do not send to the server; locally a development token for an hour).")
    int console() {
        if (target == null) {
            target = targets.get();
        }
        out.println(target.url() + "/console/#token=" + target.authorization().substring("Bearer ".length()));
        return 0;
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List, count, read, start and cancel runs.")
    static final class Runs {
        private final ApiCli api;

        Runs(ApiCli api) {
            this.api = api;
        }

        @Command(name = "list", description = "Runs, newest first.")
        int list(@Option(names = "--workflow") String workflow, @Option(names = "--status") String status,
                @Option(names = "--from", description = "created at or after, e.g. 2026-12-03T10:00:00Z") String from,
                @Option(names = "--to", description = "created at or before") String to,
                @Option(names = "--limit", defaultValue = "20") int limit, @Option(names = "--json") boolean json) throws Exception {
            JsonNode page = api.get("/workflows/runs?limit=" + limit + query("workflow", workflow) + query("status", status)
                    + query("createdFrom", from) + query("createdTo", to));
            if (json) {
                return api.print(page);
            }
            List<List<String>> rows = new ArrayList<>();
            page.path("runs").forEach(r -> rows.add(List.of(r.path("id").asText(), r.path("workflow").asText(), r.path("version").asText(),
                    r.path("status").asText(), r.path("createdAt").asText(""))));
            api.table(List.of("ID", "WORKFLOW", "VERSION", "STATUS", "CREATED"), rows);
            return 0;
        }

        @Command(name = "counts", description = "How many retained runs are in each status (workflow-read or workflow-admin).")
        int counts(@Option(names = "--json") boolean json) throws Exception {
            JsonNode counts = api.get("/workflows/runs/counts");
            if (json) {
                return api.print(counts);
            }
            List<List<String>> rows = new ArrayList<>();
            counts.fields().forEachRemaining(e -> rows.add(List.of(e.getKey(), e.getValue().asText())));
            api.table(List.of("STATUS", "RUNS"), rows);
            return 0;
        }

        @Command(name = "get", description = "A run: its status and each step's.")
        int get(@Parameters(paramLabel = "RUN") String run, @Option(names = "--json") boolean json) throws Exception {
            JsonNode view = api.get("/workflows/runs/" + segment(run));
            if (json) {
                return api.print(view);
            }
            api.out.println(view.path("id").asText() + "  " + view.path("workflow").asText() + " " + view.path("version").asText() + "  "
                    + view.path("status").asText() + (view.has("error") ? "  " + view.path("error").path("message").asText() : ""));
            List<List<String>> rows = new ArrayList<>();
            view.path("steps").forEach(s -> rows.add(List.of(s.path("id").asText(), s.path("status").asText(), s.path("attempts").asText(),
                    s.has("items") ? s.path("items").path("succeeded").asText() + "/" + s.path("items").path("total").asText() + " items" : "",
                    s.path("error").path("message").asText(""))));
            api.table(List.of("STEP", "STATUS", "ATTEMPTS", "ITEMS", "ERROR"), rows);
            return 0;
        }

        @Command(name = "events", description = "A run's history, oldest first.")
        int events(@Parameters(paramLabel = "RUN") String run, @Option(names = "--json") boolean json) throws Exception {
            JsonNode events = api.get("/workflows/runs/" + segment(run) + "/events");
            if (json) {
                return api.print(events);
            }
            List<List<String>> rows = new ArrayList<>();
            events.path("events").forEach(e -> rows.add(List.of(e.path("at").asText(), e.path("type").asText(), e.path("step").asText(""),
                    e.path("attempt").asText(""), e.path("by").asText(""))));
            api.table(List.of("AT", "EVENT", "STEP", "ATTEMPT", "BY"), rows);
            return 0;
        }

        @Command(name = "cancel", description = "Ask for a run to be cancelled.")
        int cancel(@Parameters(paramLabel = "RUN") String run) throws Exception {
            JsonNode answer = api.send("POST", "/workflows/runs/" + segment(run) + "/cancel", null, null);
            api.out.println("run " + run + ": cancel " + answer.path("state").asText("requested"));
            return 0;
        }

        @Command(name = "start", description = "Start a run; prints its id (and waits for its end with --wait).")
        int start(@Parameters(paramLabel = "WORKFLOW") String workflow, @Option(names = "--version") String version,
                @Option(names = "--input", defaultValue = "{}", description = "the input, JSON") String input,
                @Option(names = "--key", description = "an idempotency key") String key,
                @Option(names = "--wait", description = "wait for the run to finish") boolean await,
                @Option(names = "--timeout", defaultValue = "600", description = "seconds --wait waits at most (default 600)")
                long timeoutSeconds,
                @Option(names = "--json") boolean json) throws Exception {
            ObjectNode body = JSON.createObjectNode().put("workflow", workflow);
            if (version != null) {
                body.put("version", version);
            }
            body.set("input", JSON.readTree(input));
            if (key != null) {
                body.put("idempotencyKey", key);
            }
            JsonNode run = api.send("POST", "/workflows/runs", "application/json", JSON.writeValueAsString(body));
            String id = run.path("id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
            while (await && !List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(run.path("status").asText())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("run " + id + " is still " + run.path("status").asText() + " after "
                            + timeoutSeconds + " s (it goes on; ./fleet runs get " + id + ")");
                }
                Thread.sleep(250);
                run = api.get("/workflows/runs/" + segment(id));
            }
            if (json) {
                return api.print(run);
            }
            api.out.println(await ? id + " " + run.path("status").asText() : id);
            return !await || run.path("status").asText().equals("SUCCEEDED") ? 0 : 1;
        }
    }

    @Command(name = "defs", mixinStandardHelpOptions = true, description = "List, read and register workflow definitions.")
    static final class Defs {
        private final ApiCli api;

        Defs(ApiCli api) {
            this.api = api;
        }

        @Command(name = "list", description = "Every workflow with its latest version.")
        int list(@Option(names = "--json") boolean json) throws Exception {
            JsonNode all = api.get("/workflows/definitions");
            if (json) {
                return api.print(all);
            }
            List<List<String>> rows = new ArrayList<>();
            all.forEach(d -> rows.add(List.of(d.path("name").asText(), d.path("latestVersion").asText(),
                    String.join(", ", iterable(d.path("versions").fieldNames())))));
            api.table(List.of("NAME", "LATEST", "VERSIONS"), rows);
            return 0;
        }

        @Command(name = "get", description = "A definition (the latest version unless one is named), as JSON.")
        int get(@Parameters(paramLabel = "NAME") String name, @Option(names = "--version") String version) throws Exception {
            return api.print(api.get("/workflows/definitions/" + segment(name) + (version == null ? "" : "/versions/" + segment(version))));
        }

        @Command(name = "apply", description = "Register a definition from a YAML or JSON file.")
        int apply(@Parameters(paramLabel = "FILE") Path file) throws Exception {
            String body = Files.readString(file);
            JsonNode registered = api.send("POST", "/workflows/definitions", file.toString().endsWith(".json") ? "application/json"
                    : "application/yaml", body);
            api.out.println(registered.path("name").asText() + " " + registered.path("version").asText() + " " + registered.path("hash").asText());
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Decide a customer-service answer that waits for a person (signal approval).")
    static final class Approve implements Callable<Integer> {
        private final ApiCli api;
        @Parameters(index = "0", paramLabel = "RUN")
        String run;
        @Parameters(index = "1", arity = "0..1", defaultValue = "approve", paramLabel = "DECISION", description = "approve, edit or escalate")
        String decision;
        @Option(names = "--text", description = "the edited answer (edit)")
        String text;
        @Option(names = "--note", description = "why")
        String note;

        Approve(ApiCli api) {
            this.api = api;
        }

        @Override
        public Integer call() throws Exception {
            if (!List.of("approve", "edit", "escalate").contains(decision)) {
                throw new IllegalArgumentException("the decision is approve, edit or escalate, was '" + decision + "'");
            }
            ObjectNode payload = JSON.createObjectNode().put("decision", decision);
            if (text != null) {
                payload.put("text", text);
            }
            if (note != null) {
                payload.put("note", note);
            }
            // one id per run and decision: running the same command again is a repeat, not a second signal
            ObjectNode body = JSON.createObjectNode().put("id", "fleet-" + decision);
            body.set("payload", payload);
            JsonNode answer = api.send("POST", "/workflows/runs/" + segment(run) + "/signals/approval", "application/json",
                    JSON.writeValueAsString(body));
            api.out.println("run " + run + ": approval " + decision + " " + answer.path("state").asText());
            return 0;
        }
    }

    // ---- HTTP -------------------------------------------------------------------------------------------------------

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    private JsonNode send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        if (target == null) {
            target = targets.get();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", target.authorization()).header("Accept", "application/json");
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() >= 300) {
            StringJoiner problem = new StringJoiner("; ");
            answer.path("errors").forEach(e -> problem.add(e.path("field").asText() + ": " + e.path("message").asText()));
            throw new IllegalStateException(response.statusCode() + " " + answer.path("title").asText("") + ": " + answer.path("detail").asText("")
                    + (problem.length() == 0 ? "" : " (" + problem + ")"));
        }
        return answer;
    }

    private int print(JsonNode node) throws IOException {
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        return 0;
    }

    /** Columns as wide as their widest cell. */
    private void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        all.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 2) + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String query(String name, String value) {
        return value == null ? "" : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}
