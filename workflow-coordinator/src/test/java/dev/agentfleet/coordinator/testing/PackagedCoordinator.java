package dev.agentfleet.coordinator.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.process.FreePorts;
import dev.agentfleet.localfleet.process.QuarkusApp;
import dev.agentfleet.testing.redis.TestRedis;
import dev.agentfleet.localfleet.workflow.WorkflowClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The packaged coordinator as a real process on a given Redis, calling the in-process {@link TestFunctions}: what the
 * crash and chaos tests kill and start again. Every incarnation gets the same port. The artifact is the native
 * executable under the {@code native} profile (failsafe passes {@code agentfleet.it.native} and
 * {@code native.image.path}), the runner jar ({@code target/quarkus-app}) otherwise.
 */
public final class PackagedCoordinator {

    private final Map<String, String> properties;
    private final Path work;
    private final int port = FreePorts.find();
    private final String jwt = DevTokens.token("coordinator-it", "workflow-admin", "workflow-submit");
    private Map<String, String> environment = Map.of();
    private int incarnation;
    private volatile QuarkusApp current;
    private boolean stopsAtExit;

    public PackagedCoordinator(TestRedis redis, Map<String, String> functionConfig, Duration leaseTtl, Path work) {
        this(redis, functionConfig, leaseTtl, work, Map.of());
    }

    /** With {@code extra} configuration properties (breaker settings, ...). */
    public PackagedCoordinator(TestRedis redis, Map<String, String> functionConfig, Duration leaseTtl, Path work,
            Map<String, String> extra) {
        this(redis.clientConfig(), functionConfig, leaseTtl, work, extra);
    }

    /**
     * With the Redis client configured by {@code redisConfig} as system properties; empty when the test gives it as
     * environment variables instead ({@link #environment}), as a Kubernetes manifest would.
     */
    public PackagedCoordinator(Map<String, String> redisConfig, Map<String, String> functionConfig, Duration leaseTtl, Path work,
            Map<String, String> extra) {
        this.work = work;
        try {
            Files.createDirectories(work);
            Path publicKey = Files.writeString(work.resolve("jwt-public.pem"), DevTokens.publicKeyPem());
            Map<String, String> props = new java.util.HashMap<>(redisConfig);
            props.putAll(Map.of(
                    "agentfleet.coordinator.functions", functionConfig.get("agentfleet.coordinator.functions"),
                    "agentfleet.coordinator.function-urls.test", functionConfig.get("test.functions.url"),
                    "agentfleet.coordinator.engine.lease-ttl", leaseTtl.toString(),
                    "mp.jwt.verify.publickey.location", publicKey.toAbsolutePath().toString(),
                    "agentfleet.coordinator.allow-development-key", "true",
                    // The crash, chaos and fault tests start their runs as fast as they can, as one subject.
                    "agentfleet.coordinator.start-rate.per-second", "0"));
            props.putAll(extra); // last: a test may set the Redis client up wrongly on purpose
            this.properties = Map.copyOf(props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Environment variables for every incarnation from now on (null removes an inherited one). */
    public PackagedCoordinator environment(Map<String, String> environment) {
        this.environment = environment;
        return this;
    }

    /** Starts a new incarnation (log {@code coordinator-<n>.log}) and waits until it is ready. */
    public PackagedCoordinator start() {
        stopAtExit();
        incarnation++;
        current = new QuarkusApp(artifact(), port, properties, log(), List.of("-Xmx256m")).environment(environment)
                .start(Duration.ofSeconds(60));
        return this;
    }

    /** Starts a new incarnation without waiting until it is ready (a test of what an unready coordinator says). */
    public PackagedCoordinator launch() {
        stopAtExit();
        incarnation++;
        current = new QuarkusApp(artifact(), port, properties, log(), List.of("-Xmx256m")).environment(environment).launch();
        return this;
    }

    /** A test that fails before its own clean-up must not leave a coordinator running after the test JVM is gone. */
    private void stopAtExit() {
        if (!stopsAtExit) {
            stopsAtExit = true;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                QuarkusApp app = current;
                if (app != null && app.alive()) {
                    app.kill();
                }
            }, "stop-packaged-coordinator"));
        }
    }

    /** The current incarnation's log. */
    public Path log() {
        return work.resolve("coordinator-" + incarnation + ".log");
    }

    /** The last {@code lines} lines of every incarnation's log, oldest incarnation first (for a failed test's report). */
    public String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        for (int i = 1; i <= incarnation; i++) {
            Path log = work.resolve("coordinator-" + i + ".log");
            try {
                List<String> all = Files.readAllLines(log);
                tails.append("--- ").append(log).append(" (last ").append(Math.min(lines, all.size())).append(" of ")
                        .append(all.size()).append(" lines)\n");
                all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> tails.append(l).append('\n'));
            } catch (IOException e) {
                tails.append("--- ").append(log).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return tails.toString();
    }

    public boolean alive() {
        return current != null && current.alive();
    }

    /** The native executable under the native profile ({@code agentfleet.it.native}), else the runner jar. */
    public static Path artifact() {
        if (Boolean.getBoolean("agentfleet.it.native")) {
            Path image = Path.of(System.getProperty("native.image.path", "missing"));
            if (!Files.isExecutable(image)) {
                throw new IllegalStateException("the native profile is on but there is no executable at " + image);
            }
            return image;
        }
        return Path.of("target", "quarkus-app", "quarkus-run.jar");
    }

    /** SIGKILL: nothing is released, the leases must expire. */
    public void kill() {
        current.kill();
    }

    public void stop() {
        if (current != null) {
            current.stop();
        }
    }

    public int incarnations() {
        return incarnation;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The current incarnation's management interface: {@code /q/health}, {@code /q/metrics}. */
    public String managementUrl() {
        return current.managementUrl();
    }

    /** The {@code Authorization} header value. */
    public String token() {
        return "Bearer " + jwt;
    }

    /** A run API client of the current incarnation, with the same token. */
    public WorkflowClient client() {
        return new WorkflowClient(url(), jwt);
    }

    /** Registers a definition (YAML). */
    public void register(String yaml) {
        given().baseUri(url()).header("Authorization", token()).contentType("application/yaml").body(yaml.getBytes())
                .post("/workflows/definitions").then().statusCode(201);
    }

    /** Starts a run of {@code workflow} with {@code input} (JSON) and answers its id. */
    public String startRun(String workflow, String input) {
        return given().baseUri(url()).header("Authorization", token()).contentType(ContentType.JSON)
                .body("{\"workflow\": \"" + workflow + "\", \"input\": " + input + "}").post("/workflows/runs")
                .then().statusCode(202).extract().path("id");
    }

    /** The run once it has finished (a minute at most). */
    public JsonPath awaitFinal(String runId) {
        return JsonPath.from(client().awaitFinished(runId, Duration.ofSeconds(60)).toString());
    }

    /** The sum of every series of a Prometheus metric whose labels contain {@code labels} (empty for all). */
    public double metric(String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(given().baseUri(managementUrl()).get("/q/metrics").then().statusCode(200).extract().asString());
        double total = 0;
        while (m.find()) {
            if (labels.isEmpty() || (m.group(1) != null && m.group(1).contains(labels))) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }

    /** SIGSTOP: the process is frozen, holding its leases and connections, as a replica in a long GC pause or cut off. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(current.pid())).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + signal + " failed with " + exit);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** This incarnation's replica id, from its log (the first partition it took). */
    public String replicaId() {
        try {
            Matcher m = Pattern.compile("replica (\\S+) took partition").matcher(Files.readString(log()));
            if (!m.find()) {
                throw new IllegalStateException("incarnation " + incarnation + " has taken no partition yet");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which replica holds each partition's lease in {@code redis} now (absent: free). */
    public static Map<Integer, String> leaseHolders(TestRedis redis, int partitions) {
        Map<Integer, String> holders = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            String lease = redis.command("GET", "agentfleet:{wf-" + p + "}:lease");
            if (!"(nil)".equals(lease)) {
                holders.put(p, lease.substring(0, lease.lastIndexOf(':')));
            }
        }
        return holders;
    }

    /**
     * Runs of a {@link #chain} whose history, read through this coordinator, is not {@link #chainHistory} or whose
     * output in {@code redis} is not the chain's; by run id, with the history's types and the output.
     */
    public Map<String, String> chainRunsOff(TestRedis redis, List<String> runIds, int steps) {
        Map<String, String> off = new TreeMap<>();
        for (String id : runIds) {
            JsonPath events = given().baseUri(url()).header("Authorization", token())
                    .get("/workflows/runs/" + id + "/events").jsonPath();
            List<String> types = events.getList("events.type");
            String output = redis.command("HGET", runKey(id), "output");
            if (!chainHistory(steps).equals(types) || !("{\"n\":" + (steps - 1) + "}").equals(output)) {
                // with each failure's step, attempt and message, so a report says why the history is off
                List<String> failures = events.getList("events.findAll { it.failure != null }.collect { it.step + '#' + it.attempt"
                        + " + ': ' + it.failure.kind + ' ' + it.failure.message }");
                off.put(id, types + " output " + output + (failures.isEmpty() ? "" : " failures " + failures));
            }
        }
        return off;
    }

    /** run-started, then step-started and step-succeeded for each step in order, then run-succeeded: each once. */
    public static List<String> chainHistory(int steps) {
        List<String> expected = new ArrayList<>(List.of("run-started"));
        for (int i = 0; i < steps; i++) {
            expected.add("step-started");
            expected.add("step-succeeded");
        }
        expected.add("run-succeeded");
        return expected;
    }

    /** A chain of {@code steps} test/act steps that each add one to {@code n} and sleep {@code sleepMs}. */
    public static String chain(String name, int steps, int sleepMs) {
        return chainYaml(name, steps, sleepMs).append("output: '{n: .steps.s").append(steps).append(".output.echo.n}'\n").toString();
    }

    /**
     * {@link #chain}, then a step {@code held} that waits for {@code signal}: every run stays in flight until the test
     * sends it; the output is the chain's.
     */
    public static String heldChain(String name, int steps, int sleepMs, String signal) {
        return chainYaml(name, steps, sleepMs)
                .append("  - {id: held, dependsOn: [s").append(steps).append("], wait: {signal: ").append(signal).append("}}\n")
                .append("output: '{n: .steps.s").append(steps).append(".output.echo.n}'\n").toString();
    }

    private static StringBuilder chainYaml(String name, int steps, int sleepMs) {
        StringBuilder yaml = new StringBuilder("name: " + name + "\nversion: \"1\"\nsteps:\n");
        for (int i = 1; i <= steps; i++) {
            yaml.append("  - {id: s").append(i).append(", function: test/act, ")
                    .append(i == 1 ? "" : "dependsOn: [s" + (i - 1) + "], ")
                    .append("input: '{n: ").append(i == 1 ? ".input.n" : "(.steps.s" + (i - 1) + ".output.echo.n + 1)")
                    .append(", sleepMs: ").append(sleepMs).append("}'}\n");
        }
        return yaml;
    }

    /** The run hash's key in Redis. */
    public static String runKey(String runId) {
        return "agentfleet:{wf-" + partition(runId) + "}:run:" + runId;
    }

    /** Whether a run is still in its partition's active set (a finished run stays there until its event was taken). */
    public static boolean active(TestRedis redis, String runId) {
        return !"(nil)".equals(redis.command("ZSCORE", "agentfleet:{wf-" + partition(runId) + "}:active", runId));
    }

    /** The partition a run id names ({@code r<partition>-<uuid>}). */
    private static int partition(String runId) {
        return Integer.parseInt(runId.substring(1, runId.indexOf('-')));
    }

    /**
     * Steps of the given runs that the test functions saw under any key other than {@code <run>/<step>/1} (a second
     * attempt, or none at all), from the functions' delivery record.
     */
    public static Map<String, List<String>> stepsNotSeenExactlyOnce(Map<String, Integer> deliveries, List<String> runs, int steps) {
        Map<String, List<String>> keysPerStep = new TreeMap<>();
        for (String key : deliveries.keySet()) {
            keysPerStep.computeIfAbsent(key.substring(0, key.lastIndexOf('/')), k -> new ArrayList<>()).add(key);
        }
        Map<String, List<String>> wrong = new TreeMap<>();
        for (String id : runs) {
            for (int i = 1; i <= steps; i++) {
                String step = id + "/s" + i;
                List<String> keys = keysPerStep.getOrDefault(step, List.of());
                if (!keys.equals(List.of(step + "/1"))) {
                    wrong.put(step, keys);
                }
            }
        }
        return wrong;
    }

    /** How many deliveries repeated a key seen before (re-sent after a crash, answered from the record). */
    public static int redeliveries(Map<String, Integer> deliveries) {
        return deliveries.values().stream().mapToInt(n -> n - 1).sum();
    }
}
