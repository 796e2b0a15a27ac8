package dev.agentfleet.localfleet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.agentfleet.localfleet.bench.AotCacheBenchmark;
import dev.agentfleet.localfleet.bench.ColdStartBenchmark;
import dev.agentfleet.localfleet.bench.CostBenchmark;
import dev.agentfleet.localfleet.bench.LargeInputBenchmark;
import dev.agentfleet.localfleet.bench.StartupBenchmark;
import dev.agentfleet.localfleet.bench.WorkflowBenchmark;
import dev.agentfleet.localfleet.fleet.FleetException;
import dev.agentfleet.localfleet.fleet.LocalFleet;

/** The launcher's benchmark commands: their options, and their failures as exit codes. */
final class BenchCommands {

    private final PrintStream out;
    private final Path root;

    BenchCommands(PrintStream out, Path root) {
        this.out = out;
        this.root = root;
    }

    int run(String command, List<String> args) {
        return switch (command) {
            case "bench" -> bench(args);
            case "bench-workflows" -> benchWorkflows(args);
            case "bench-costs" -> benchCosts(args);
            case "bench-inputs" -> benchInputs(args);
            case "bench-cold" -> benchCold(args);
            case "bench-aot" -> benchAot(args);
            default -> throw new IllegalArgumentException(command);
        };
    }

    private int bench(List<String> args) {
        int runs = 3;
        if (args.size() == 2 && args.get(0).equals("--runs")) {
            runs = Integer.parseInt(args.get(1));
        } else if (!args.isEmpty()) {
            throw new FleetException("usage: ./fleet bench [--runs N]", FleetException.USAGE);
        }
        int n = runs;
        return benchmark(() -> StartupBenchmark.run(root, n, out));
    }

    /** A benchmark body: the launcher turns its failures into exit codes. */
    private interface Benchmark {
        void run() throws java.io.IOException, InterruptedException;
    }

    private int benchmark(Benchmark benchmark) {
        try {
            benchmark.run();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new FleetException("benchmark failed: " + e.getMessage(), FleetException.USAGE);
        } catch (java.io.IOException e) {
            throw new FleetException("benchmark failed: " + e.getMessage(), FleetException.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FleetException.FAILED;
        }
        return 0;
    }

    private int benchWorkflows(List<String> args) {
        int clients = 16;
        int seconds = 20;
        int fanOutRuns = 20;
        int warmUp = -1;
        boolean cluster = false;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new FleetException("option " + args.get(i) + " needs a value", FleetException.USAGE);
            }
            if (args.get(i).equals("--redis")) {
                cluster = FleetCli.redisMode(args.get(i + 1)) == LocalFleet.RedisMode.CLUSTER;
                continue;
            }
            int value = FleetCli.number(args.get(i), args.get(i + 1));
            switch (args.get(i)) {
                case "--clients" -> clients = value;
                case "--seconds" -> seconds = value;
                case "--fan-out-runs" -> fanOutRuns = value;
                case "--warm-up" -> warmUp = value;
                default -> throw new FleetException("unknown option '" + args.get(i) + "'", FleetException.USAGE);
            }
        }
        int clientCount = clients;
        Duration warm = Duration.ofSeconds(warmUp >= 0 ? warmUp : 60);
        Duration measured = Duration.ofSeconds(seconds);
        int fanOuts = fanOutRuns;
        boolean onCluster = cluster;
        // The plan is built inside: its checks (clients 1-256, at most 5 minutes) are usage errors.
        return benchmark(() -> WorkflowBenchmark.run(root, new WorkflowBenchmark.Plan(clientCount, warm, measured, fanOuts, onCluster), out));
    }

    private int benchCosts(List<String> args) {
        Map<String, Integer> options = numberOptions(args, Map.of("--runs", 100_000, "--waiting", 10_000));
        return benchmark(() -> CostBenchmark.run(root, new CostBenchmark.Plan(options.get("--runs"), options.get("--waiting")), out));
    }

    private int benchInputs(List<String> args) {
        Map<String, Integer> options = numberOptions(args, Map.of("--calls", 5));
        return benchmark(() -> LargeInputBenchmark.run(root, options.get("--calls"), out));
    }

    /** {@code --options '<runtime options>'} (repeated) names the levers tried; without it, the benchmark's own. */
    private int benchCold(List<String> args) {
        List<List<String>> levers = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (!args.get(i).equals("--options")) {
                rest.add(args.get(i));
            } else if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                throw new FleetException("option --options needs a value: the runtime options of one lever, e.g. --options '-Xmn4m'",
                        FleetException.USAGE);
            } else {
                levers.add(List.of(args.get(++i).trim().split("\\s+")));
            }
        }
        Map<String, Integer> options = numberOptions(rest, Map.of("--runs", 7));
        List<List<String>> tried = levers.isEmpty() ? ColdStartBenchmark.LEVERS : levers;
        return benchmark(() -> ColdStartBenchmark.run(root, options.get("--runs"), tried, out));
    }

    /** {@code --java <JDK 24+ java>} (required) and {@code --runs}. */
    private int benchAot(List<String> args) {
        List<String> rest = new ArrayList<>(args);
        int at = rest.indexOf("--java");
        if (at < 0 || at + 1 >= rest.size() || rest.get(at + 1).isBlank()) {
            throw new FleetException("usage: ./fleet bench-aot --java <bin/java of a JDK 24 or later> [--runs 5]", FleetException.USAGE);
        }
        Path java = Path.of(rest.remove(at + 1));
        rest.remove(at);
        Map<String, Integer> options = numberOptions(rest, Map.of("--runs", 5));
        return benchmark(() -> AotCacheBenchmark.run(root, java, options.get("--runs"), out));
    }

    /** {@code --name value} pairs of numbers, each one of {@code defaults}' names (which give the values not set). */
    private static Map<String, Integer> numberOptions(List<String> args, Map<String, Integer> defaults) {
        Map<String, Integer> values = new HashMap<>(defaults);
        for (int i = 0; i < args.size(); i += 2) {
            if (!defaults.containsKey(args.get(i))) {
                throw new FleetException("unknown option '" + args.get(i) + "' (options: " + new TreeSet<>(defaults.keySet()) + ")",
                        FleetException.USAGE);
            }
            if (i + 1 >= args.size()) {
                throw new FleetException("option " + args.get(i) + " needs a value", FleetException.USAGE);
            }
            values.put(args.get(i), FleetCli.number(args.get(i), args.get(i + 1)));
        }
        return values;
    }

}
