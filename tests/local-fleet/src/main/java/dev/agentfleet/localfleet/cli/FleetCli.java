package dev.agentfleet.localfleet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


import dev.agentfleet.localfleet.auth.FleetSenders;
import dev.agentfleet.localfleet.fleet.Component;
import dev.agentfleet.localfleet.fleet.FleetException;
import dev.agentfleet.localfleet.fleet.FleetLock;
import dev.agentfleet.localfleet.fleet.FleetProcesses;
import dev.agentfleet.localfleet.fleet.FleetState;
import dev.agentfleet.localfleet.fleet.LocalFleet;
import dev.agentfleet.localfleet.load.LoadCheck;

/**
 * The {@code ./fleet} command: runs agentfleet locally as real processes.
 *
 * <pre>
 * ./fleet demo                 start everything (if not up) and run the demo
 * ./fleet up [--port-base N] [--redis-port N] [--redis standalone|cluster]
 * ./fleet status | logs [component] | down
 * ./fleet runs ... | defs ...     the coordinator's API ({@link ApiCli})
 * </pre>
 */
public final class FleetCli {

    private static final String USAGE = """
            usage: ./fleet <command> [options]

              demo     start the fleet if it is not up, then run the demo and show where to look next
              up       start Redis, every function and the coordinator on loopback (ports free by default)
              status   show each component, its URL and whether it is ready
              logs     print the last lines of every log, or of one: ./fleet logs data-analysis
              down     stop everything ./fleet up started
              token    print a development bearer token for the coordinator's API (12 h; every role unless named):
                       ./fleet token [workflow-submit] [workflow-read] [workflow-signal] [workflow-admin]
              approve  decide a customer-service answer that waits for a person (signal approval):
                       ./fleet approve <run> [approve|edit|escalate] [--text 'the edited answer'] [--note why]
              runs     the coordinator's runs: ./fleet runs list [--workflow W] [--status S] [--limit N] | get <run>
                       | events <run> | cancel <run> | start <workflow> [--input JSON] [--version V] [--key K] [--wait]
              defs     its definitions: ./fleet defs list | get <name> [--version V] | apply <file.yaml>
                       (runs and defs: tables, or --json for the API's answer; ./fleet runs --help; against another
                       coordinator with AGENTFLEET_URL and AGENTFLEET_TOKEN)
              console  print a link to the run console (/console) that signs in for an hour
              dev-options  the options a component runs with, for dev mode beside the fleet:
                       ./mvnw quarkus:dev -pl functions/weather $(./fleet dev-options weather)
              sender-token  print the running fleet's sender token (the Authorization header): the functions, like a
                       region's, answer only senders they trust: curl -H "Authorization: $(./fleet sender-token)" ...
              bench    time to first response and RSS of every built application, JVM and native: ./fleet bench [--runs 3]
              bench-workflows  the coordinator's benchmark on its own Redis and a no-op function (not the running fleet):
                       ./fleet bench-workflows [--clients 16] [--seconds 20] [--warm-up 60] [--fan-out-runs 20]
                       [--redis cluster]: the same again on a TLS Redis Cluster, and the two compared
              bench-costs  Redis bytes and coordinator heap per finished and per waiting run as they grow, and what
                       retention leaves: ./fleet bench-costs [--runs 100000] [--waiting 10000]
              bench-inputs  time and memory of the largest inputs the functions take (1 MB batch, 100,000 values,
                       10,000 events): ./fleet bench-inputs [--calls 5]
              bench-cold  native cold start and RSS against a bare Funqy function, in a memory cgroup with each
                       manifest's limit (root; native builds of tests/bare-function and the modules, and of
                       tests/bare-extensions for the extensions' share): ./fleet bench-cold [--runs 7]
                       [--options '<runtime options of one lever>']...
              bench-aot  JVM start with a Leyden AOT cache on a newer JDK against the JVM as the images run it
                       (jar builds of the modules): ./fleet bench-aot --java <bin/java of a JDK 24 or later> [--runs 5]
              load     a bounded load check of one function of the running fleet:
                       ./fleet load data-analysis analyze-series --body '{"values":[1,2,3]}' [--clients 8] [--seconds 10]

            options for up and demo:
              --port-base N    HTTP ports N, N+1, ... in the order status lists them (default: free ports)
              --redis-port N   Redis' port (default: a free port; one server only)
              --redis cluster  a Redis Cluster instead of one server: 3 primaries + 3 replicas, TLS, the password
                               from a file (as production's Memorystore); it starts empty every time
            """;

    private final PrintStream out;
    private final Path root;
    private final PrintedValues printed;

    FleetCli(PrintStream out, Path root) {
        this.out = out;
        this.root = root;
        this.printed = new PrintedValues(out, root);
    }

    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("fleet.root", ".")).toAbsolutePath().normalize();
        try {
            System.exit(new FleetCli(System.out, root).run(args));
        } catch (FleetException e) {
            System.err.println("fleet: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? FleetException.USAGE : 0;
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (command) {
            case "up" -> {
                up(options(rest));
                yield 0;
            }
            case "demo" -> demo(options(rest));
            case "status" -> status();
            case "logs" -> logs(rest);
            case "down" -> down();
            case "token" -> printed.token(rest);
            case "sender-token" -> printed.senderToken();
            case "dev-options" -> printed.devOptions(rest);
            case "approve", "runs", "defs", "console" -> new ApiCli(out, () -> ApiCli.Target.of(root)).run(args);
            case "load" -> load(rest);
            case "bench", "bench-workflows", "bench-costs", "bench-inputs", "bench-cold", "bench-aot" -> new BenchCommands(out, root).run(command, rest);
            default -> throw new FleetException("unknown command '" + command + "'\n" + USAGE, FleetException.USAGE);
        };
    }

    private LocalFleet.Options options(List<String> args) {
        int portBase = 0;
        int redisPort = 0;
        LocalFleet.RedisMode redis = LocalFleet.RedisMode.STANDALONE;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--redis") && i + 1 < args.size()) {
                redis = redisMode(args.get(++i));
            } else if ((arg.equals("--port-base") || arg.equals("--redis-port")) && i + 1 < args.size()) {
                int value = parsePort(arg, args.get(++i));
                if (arg.equals("--port-base")) {
                    portBase = value;
                } else {
                    redisPort = value;
                }
            } else {
                throw new FleetException("unknown option '" + arg + "'\n" + USAGE, FleetException.USAGE);
            }
        }
        if (redis == LocalFleet.RedisMode.CLUSTER && redisPort != 0) {
            throw new FleetException("--redis-port is for one server; a cluster's nodes take free ports", FleetException.USAGE);
        }
        return new LocalFleet.Options(root, root.resolve(".fleet"), portBase, redisPort, redis, Duration.ofSeconds(90));
    }

    static LocalFleet.RedisMode redisMode(String value) {
        return switch (value) {
            case "standalone" -> LocalFleet.RedisMode.STANDALONE;
            case "cluster" -> LocalFleet.RedisMode.CLUSTER;
            default -> throw new FleetException("--redis takes standalone or cluster, was '" + value + "'", FleetException.USAGE);
        };
    }

    private static int parsePort(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1024 && port <= 65_000) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new FleetException(option + " takes a port from 1024 to 65000, was '" + value + "'", FleetException.USAGE);
    }

    /** Starts the fleet unless it is already up; returns whether it started anything. One launcher at a time. */
    private boolean up(LocalFleet.Options options) {
        try (FleetLock lock = FleetLock.acquire(options.stateDir(), "up")) {
            FleetState state = new FleetState(options.stateDir());
            List<FleetState.Entry> running = state.read();
            if (!running.isEmpty() && running.stream().allMatch(FleetState.Entry::alive)) {
                out.println("The fleet is already up (./fleet status to see it, ./fleet down to stop it).");
                return false;
            }
            List<ProcessHandle> leftovers = FleetProcesses.find(options.stateDir(), running);
            if (!leftovers.isEmpty()) {
                out.println("Stopping " + leftovers.size() + " process(es) left by an earlier ./fleet that did not finish.");
                FleetProcesses.stop(leftovers);
            }
            state.clear();
            LocalFleet fleet = new LocalFleet(options);
            List<Component> components = fleet.discover();
            if (components.size() == 2) {
                throw new FleetException("nothing is built yet: run ./fleet from the repository root (it builds first), "
                        + "or ./mvnw -B package -DskipTests", FleetException.USAGE);
            }
            out.println("Starting agentfleet on 127.0.0.1 (logs in " + root.relativize(options.stateDir().resolve("logs")) + "/):");
            List<FleetState.Entry> started = fleet.up(components, out, state);
            out.println();
            out.println("Started " + started.size() + " components: " + String.join(", ", started.stream().map(FleetState.Entry::name).toList()));
            return true;
        }
    }

    private int demo(LocalFleet.Options options) {
        up(options);
        List<FleetState.Entry> running = new FleetState(options.stateDir()).read();
        out.println();
        FleetDemo show = new FleetDemo(out, FleetSenders.authorization(options.stateDir()));
        FleetState.Entry analysis = find(running, "data-analysis");
        if (analysis != null) {
            show.analysis(analysis);
        }
        FleetState.Entry coordinator = find(running, "workflow-coordinator");
        if (coordinator != null) {
            out.println();
            show.workflow(coordinator);
            out.println();
            show.approval(coordinator);
        }
        out.println();
        out.println("Where to look next:");
        for (FleetState.Entry e : running) {
            if (e.kind() == Component.Kind.FUNCTION || e.kind() == Component.Kind.COORDINATOR) {
                out.printf("  %-22s %s   health %s/q/health   metrics %s/q/metrics%n", e.name(), e.url(), e.managementUrl(),
                        e.managementUrl());
            }
        }
        if (coordinator != null) {
            out.println("  curl -H \"Authorization: Bearer $(./fleet token)\" " + coordinator.url() + "/workflows/runs   recent runs");
            out.println("  ./fleet console   a link to the run console: runs live as graphs and timelines, definitions, dead letters");
        }
        out.println("  ./fleet status, ./fleet logs <component>, ./fleet down");
        return 0;
    }

    private int status() {
        List<FleetState.Entry> running = new FleetState(root.resolve(".fleet")).read();
        if (running.isEmpty()) {
            out.println("The fleet is not running (./fleet up starts it).");
            return 3;
        }
        int notReady = 0;
        out.printf("%-22s %-8s %-8s %s%n", "COMPONENT", "PID", "STATE", "URL");
        for (FleetState.Entry e : running) {
            String state = !e.alive() ? "exited" : LocalFleet.ready(e) ? "ready" : "starting";
            if (!state.equals("ready")) {
                notReady++;
            }
            out.printf("%-22s %-8d %-8s %s%n", e.name(), e.pid(), state, e.url());
        }
        return notReady == 0 ? 0 : 1;
    }

    private int logs(List<String> names) {
        List<FleetState.Entry> running = new FleetState(root.resolve(".fleet")).read();
        if (running.isEmpty()) {
            out.println("The fleet is not running (./fleet up starts it).");
            return 3;
        }
        List<FleetState.Entry> chosen = new ArrayList<>();
        for (String name : names) {
            FleetState.Entry e = find(running, name);
            if (e == null) {
                throw new FleetException("no component '" + name + "'; ./fleet status lists them", FleetException.USAGE);
            }
            chosen.add(e);
        }
        for (FleetState.Entry e : chosen.isEmpty() ? running : chosen) {
            out.println("==> " + e.name() + " (" + e.log() + ")");
            out.println(LocalFleet.tail(e.log(), chosen.isEmpty() ? 10 : 100));
        }
        return 0;
    }

    private int down() {
        Path stateDir = root.resolve(".fleet");
        try (FleetLock lock = FleetLock.acquire(stateDir, "down")) {
            FleetState state = new FleetState(stateDir);
            List<ProcessHandle> processes = FleetProcesses.find(stateDir, state.read());
            state.clear();
            if (processes.isEmpty()) {
                out.println("The fleet is not running.");
                return 0;
            }
            FleetProcesses.stop(processes);
            out.println("Stopped " + processes.size() + " components.");
            return 0;
        }
    }

    static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new FleetException(option + " takes a number, was '" + value + "'", FleetException.USAGE);
        }
    }

    private int load(List<String> args) {
        if (args.size() < 2) {
            throw new FleetException("usage: ./fleet load <component> <function> --body JSON [--clients N] [--seconds N]", FleetException.USAGE);
        }
        FleetState.Entry component = find(new FleetState(root.resolve(".fleet")).read(), args.get(0));
        if (component == null) {
            throw new FleetException("no running component '" + args.get(0) + "'; ./fleet status lists them", FleetException.USAGE);
        }
        String body = null;
        int clients = 8;
        int seconds = 10;
        for (int i = 2; i + 1 < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--body" -> body = args.get(i + 1);
                case "--clients" -> clients = Integer.parseInt(args.get(i + 1));
                case "--seconds" -> seconds = Integer.parseInt(args.get(i + 1));
                default -> throw new FleetException("unknown option '" + args.get(i) + "'", FleetException.USAGE);
            }
        }
        if (body == null) {
            throw new FleetException("--body is required", FleetException.USAGE);
        }
        LoadCheck.Plan plan = new LoadCheck.Plan(URI.create(component.url() + "/" + args.get(1)), body, clients, Duration.ofSeconds(3),
                Duration.ofSeconds(seconds), FleetSenders.authorization(root.resolve(".fleet")));
        out.println("Load check: POST " + plan.url() + " (3 s warm-up, then " + seconds + " s measured)");
        try {
            LoadCheck.run(plan).print(out, plan);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FleetException.FAILED;
        }
        return 0;
    }

    private static FleetState.Entry find(List<FleetState.Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }
}
