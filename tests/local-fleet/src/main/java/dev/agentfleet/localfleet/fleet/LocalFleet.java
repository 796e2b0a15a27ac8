package dev.agentfleet.localfleet.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.auth.FleetSenders;
import dev.agentfleet.testing.process.Detached;
import dev.agentfleet.testing.process.FreePorts;
import dev.agentfleet.testing.redis.ClusterClientConfig;
import dev.agentfleet.testing.redis.ClusterNode;
import dev.agentfleet.testing.redis.RedisCluster;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.localfleet.stub.OpenMeteoStub;

/**
 * Starts agentfleet on this machine as real processes on loopback: Redis, the Open-Meteo stand-in, every built
 * function and the coordinator, each in its own session (they outlive the launcher), with logs under
 * {@code .fleet/logs/}.
 */
public final class LocalFleet {

    /** The Open-Meteo stand-in the weather function talks to locally (no network needed). */
    public static final String STUB = "open-meteo-stub";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * How to start the fleet.
     *
     * @param root         the repository root (where {@code functions/} and {@code workflow-coordinator/} are)
     * @param stateDir     where logs, Redis' data and the state file go ({@code .fleet/} for {@code ./fleet})
     * @param portBase     the first HTTP port, the others following in order; 0 picks free ports
     * @param redisPort    Redis' port; 0 picks a free one (one server only)
     * @param redis        one Redis server, or a TLS Redis Cluster as production has
     * @param startTimeout how long each component may take to become ready
     */
    public record Options(Path root, Path stateDir, int portBase, int redisPort, RedisMode redis, Duration startTimeout) {
    }

    private final Options options;

    /** Functions that only make sense next to a Kubernetes API (canary drives Knative Services): not started here. */
    private static final java.util.Set<String> CLUSTER_ONLY = java.util.Set.of("canary");

    public LocalFleet(Options options) {
        this.options = options;
    }

    /** Which Redis the fleet runs on. */
    public enum RedisMode {
        /** One append-only server, kept across ./fleet up (the default). */
        STANDALONE,
        /** 3 primaries + 3 replicas with TLS and a password read from a file, as production's Memorystore; starts empty. */
        CLUSTER
    }

    /** The runnable components found in the build output, Redis first. */
    public List<Component> discover() {
        List<Component> components = new ArrayList<>();
        components.add(new Component("redis", Component.Kind.REDIS, null));
        components.add(new Component(STUB, Component.Kind.STUB, null));
        Path functions = options.root().resolve("functions");
        if (Files.isDirectory(functions)) {
            try (Stream<Path> modules = Files.list(functions)) {
                modules.sorted().filter(m -> !CLUSTER_ONLY.contains(m.getFileName().toString()))
                        .map(m -> new Component(m.getFileName().toString(), Component.Kind.FUNCTION, runner(m)))
                        .filter(c -> Files.isRegularFile(c.jar()))
                        .forEach(components::add);
            } catch (IOException e) {
                throw new FleetException("cannot list " + functions + ": " + e.getMessage(), FleetException.FAILED);
            }
        }
        Path coordinator = runner(options.root().resolve("workflow-coordinator"));
        if (Files.isRegularFile(coordinator)) {
            components.add(new Component("workflow-coordinator", Component.Kind.COORDINATOR, coordinator));
        }
        return components;
    }

    /**
     * Starts every component and waits until each is ready. Each process is recorded in {@code state} as soon as it is
     * spawned, so {@code ./fleet down} finds it even if this launcher dies half-way. On any failure, or when the launcher
     * is interrupted (Ctrl-C) before the fleet is up, it stops everything it started and clears the state.
     */
    public List<FleetState.Entry> up(List<Component> components, PrintStream out, FleetState state) {
        FleetPorts.checkFixed(components, options);
        Path logs = options.stateDir().resolve("logs");
        Launch launch = new Launch(state);
        Thread onInterrupt = new Thread(launch::abort, "fleet-interrupted");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            Files.createDirectories(logs);
            StartedRedis redis = options.redis() == RedisMode.CLUSTER ? startRedisCluster(launch)
                    : startRedis(options.redisPort() == 0 ? FreePorts.find() : options.redisPort(), launch);
            FleetPorts portPlan = new FleetPorts(redis.entries().stream().map(FleetState.Entry::port).toList());
            Map<Component, Integer> ports = portPlan.assign(components, options.portBase());
            out.printf("  %-22s ready  %s  (%s)%n", redis.entries().get(0).name(), redis.entries().get(0).url(), redis.description());
            redis.entries().subList(1, redis.entries().size()).forEach(e -> out.printf("  %-22s ready  %s%n", e.name(), e.url()));
            Component stub = components.get(1);
            Path stubLog = logs.resolve(stub.name() + ".log");
            Process stubProcess = startStub(ports.get(stub), stubLog);
            FleetState.Entry stubEntry = launch.add(new FleetState.Entry(stub.name(), stub.kind(), stubProcess.pid(), ports.get(stub),
                    stubLog));
            awaitReady(stubEntry);
            out.printf("  %-22s ready  %s  (local stand-in for Open-Meteo: synthetic forecasts, not real weather)%n",
                    stub.name(), stubEntry.url());
            FleetSenders senders = FleetSenders.create(options.stateDir().resolve("senders"));
            Map<String, String> functionUrls = new LinkedHashMap<>();
            components.stream().filter(c -> c.kind() == Component.Kind.FUNCTION)
                    .forEach(c -> functionUrls.put(c.name(), "http://127.0.0.1:" + ports.get(c)));
            List<FleetState.Entry> applications = new ArrayList<>();
            for (Component c : components.subList(2, components.size())) {
                Path log = logs.resolve(c.name() + ".log");
                List<String> extra = new ArrayList<>(senders.verifierOptions());
                extra.addAll(c.kind() == Component.Kind.COORDINATOR ? coordinatorOptions(functionUrls, senders)
                        : c.name().equals("weather") ? List.of("-Dquarkus.rest-client.geocoding.url=" + stubEntry.url(),
                                "-Dquarkus.rest-client.forecast.url=" + stubEntry.url()) : List.of());
                int managementPort = portPlan.free();
                writeDevOptions(c, redis.clientOptions(), extra);
                Process p = startJava(c, ports.get(c), managementPort, redis.clientOptions(), extra, log);
                applications.add(launch.add(new FleetState.Entry(c.name(), c.kind(), p.pid(), ports.get(c), managementPort, log)));
            }
            for (FleetState.Entry e : applications) {
                long began = System.nanoTime();
                awaitReady(e);
                out.printf("  %-22s ready  %s  (%d ms)%n", e.name(), e.url(), Duration.ofNanos(System.nanoTime() - began).toMillis());
            }
            launch.complete();
            return launch.entries();
        } catch (IOException e) {
            launch.abort();
            throw new FleetException("cannot start the fleet: " + e.getMessage(), FleetException.FAILED);
        } catch (RuntimeException e) {
            launch.abort();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops what was started
            }
        }
    }

    /**
     * What one {@code up} has started so far. The shutdown hook (Ctrl-C) and the starting thread both reach it, so
     * adding and aborting are synchronized: a process spawned after an abort is stopped at once.
     */
    private final class Launch {
        private final FleetState state;
        private final List<FleetState.Entry> entries = new ArrayList<>();
        private boolean completed;
        private boolean aborted;

        Launch(FleetState state) {
            this.state = state;
        }

        FleetState.Entry add(FleetState.Entry entry) {
            synchronized (this) {
                if (!aborted) {
                    entries.add(entry);
                    state.write(entries);
                    return entry;
                }
            }
            stop(List.of(entry));
            throw new FleetException("interrupted", FleetException.FAILED);
        }

        synchronized void complete() {
            completed = true;
        }

        synchronized List<FleetState.Entry> entries() {
            return List.copyOf(entries);
        }

        void abort() {
            List<FleetState.Entry> started;
            synchronized (this) {
                if (completed || aborted) {
                    return;
                }
                aborted = true;
                started = List.copyOf(entries);
            }
            FleetProcesses.stop(FleetProcesses.find(options.stateDir(), started));
            state.clear();
        }
    }

    /** The Redis the fleet runs on: its processes, what it is ("system redis-server 7.0.15"), how clients reach it. */
    private record StartedRedis(List<FleetState.Entry> entries, String description, List<String> clientOptions) {
    }

    private StartedRedis startRedis(int port, Launch launch) {
        RedisServer redis = RedisServer.builder().port(port).appendOnly(true).detached(true)
                .dataDir(options.stateDir().resolve("redis")).build();
        try {
            redis.start();
        } catch (IllegalStateException e) {
            throw new FleetException("Redis did not start: " + e.getMessage(), FleetException.FAILED);
        }
        FleetState.Entry entry = launch.add(new FleetState.Entry("redis", Component.Kind.REDIS, redis.pid(), redis.port(),
                redis.dataDir().resolve("redis-" + redis.port() + ".log")));
        return new StartedRedis(List.of(entry), redis.binary().source().name().toLowerCase() + " redis-server "
                + redis.binary().version(), List.of("-Dquarkus.redis.hosts=redis://127.0.0.1:" + redis.port()));
    }

    /** A fresh cluster in {@code .fleet/redis-cluster}: what an earlier one left there is cleared first. */
    private StartedRedis startRedisCluster(Launch launch) {
        Path dir = options.stateDir().resolve(FleetProcesses.REDIS_CLUSTER_DIR);
        RedisCluster cluster;
        try {
            deleteTree(dir);
            cluster = RedisCluster.builder().detached(true).dataDir(dir).start();
        } catch (IOException | IllegalStateException e) {
            throw new FleetException("the Redis Cluster did not start: " + e.getMessage(), FleetException.FAILED);
        }
        List<FleetState.Entry> entries = new ArrayList<>();
        int n = 0;
        for (ClusterNode node : cluster.nodes()) {
            entries.add(launch.add(new FleetState.Entry("redis-" + ++n, Component.Kind.REDIS, node.pid(), node.port(), node.log())));
        }
        List<String> client = new ArrayList<>();
        ClusterClientConfig.of(cluster).forEach((k, v) -> client.add("-D" + k + "=" + v));
        return new StartedRedis(entries, "Redis Cluster: 3 primaries + 3 replicas, TLS (CA " + options.root().relativize(
                cluster.authority().toAbsolutePath()) + "), password in " + options.root().relativize(cluster.passwordFile().toAbsolutePath()), client);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Process startJava(Component c, int port, int managementPort, List<String> redisOptions, List<String> extraOptions,
            Path log) throws IOException {
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of(javaExecutable(), "-Xmx256m", FleetProcesses.marker(options.stateDir()),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dquarkus.log.console.json.enabled=false")); // a person reads ./fleet logs
        command.addAll(redisOptions);
        command.addAll(extraOptions);
        command.addAll(List.of("-jar", c.jar().toString()));
        return start(command, log);
    }

    /**
     * The coordinator calls the functions this fleet started on their loopback ports, and accepts the development
     * tokens ({@link DevTokens}, printed by {@code ./fleet token}): their public key is written to the state directory.
     */
    private List<String> coordinatorOptions(Map<String, String> functionUrls, FleetSenders senders) throws IOException {
        Path publicKey = options.stateDir().resolve("dev-jwt-public.pem");
        Files.writeString(publicKey, DevTokens.publicKeyPem());
        List<String> extra = new ArrayList<>();
        extra.add("-Dmp.jwt.verify.publickey.location=" + publicKey.toAbsolutePath());
        extra.add("-Dagentfleet.coordinator.allow-development-key=true");
        extra.add("-Dagentfleet.coordinator.sender-tokens.functions=" + senders.coordinatorToken().toAbsolutePath());
        functionUrls.forEach((service, url) -> extra.add("-Dagentfleet.coordinator.function-urls." + service + "=" + url));
        return extra;
    }

    /**
     * The options a component of the fleet in {@code stateDir} was started with (Redis, sender verification, the
     * coordinator's function URLs), for {@code ./mvnw quarkus:dev -pl <module> $(./fleet dev-options <component>)}:
     * a second instance in dev mode beside the fleet, on the same Redis and trusting the same senders.
     */
    public static Path devOptions(Path stateDir, String component) {
        return stateDir.resolve("options").resolve(component + ".options");
    }

    private void writeDevOptions(Component c, List<String> redisOptions, List<String> extra) throws IOException {
        List<String> all = new ArrayList<>(redisOptions);
        all.addAll(extra);
        Files.createDirectories(devOptions(options.stateDir(), c.name()).getParent());
        Files.write(devOptions(options.stateDir(), c.name()), all);
    }

    private Process startStub(int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(Detached.prefix());
        command.addAll(List.of(javaExecutable(), "-Xmx64m", FleetProcesses.marker(options.stateDir()), "-cp", ownJar(), OpenMeteoStub.class.getName(), String.valueOf(port)));
        return start(command, log);
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
    }

    /** The jar (or classes folder) this launcher runs from, which holds the stub too. */
    private static String ownJar() {
        try {
            return Path.of(LocalFleet.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new FleetException("cannot locate the launcher's jar: " + e.getMessage(), FleetException.FAILED);
        }
    }

    private void awaitReady(FleetState.Entry e) {
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!e.alive()) {
                throw new FleetException(e.name() + " exited while starting. Last lines of " + e.log() + ":\n" + tail(e.log(), 15),
                        FleetException.FAILED);
            }
            if (ready(e)) {
                return;
            }
            sleep(100);
        }
        throw new FleetException(e.name() + " was not ready within " + options.startTimeout().toSeconds() + " s. Last lines of "
                + e.log() + ":\n" + tail(e.log(), 15), FleetException.FAILED);
    }

    /** Whether a component answers: Redis by its process, the stub by its API, the others by {@code /q/health/ready} (management port). */
    public static boolean ready(FleetState.Entry e) {
        if (e.kind() == Component.Kind.REDIS) {
            return e.alive() && FreePorts.isTaken(e.port());
        }
        // the stub answers its own API: a port merely taken could be another process's
        String probe = e.kind() == Component.Kind.STUB ? e.url() + "/v1/search?name=Paris" : e.managementUrl() + "/q/health/ready";
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(probe))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops components in reverse order (Redis last, so the others shut down cleanly). */
    public static void stop(List<FleetState.Entry> entries) {
        FleetProcesses.stop(entries.stream().map(e -> ProcessHandle.of(e.pid())).flatMap(java.util.Optional::stream).toList());
    }

    private static Path runner(Path module) {
        return module.resolve("target/quarkus-app/quarkus-run.jar");
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The last {@code lines} lines of a log file. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted", FleetException.FAILED);
        }
    }
}
