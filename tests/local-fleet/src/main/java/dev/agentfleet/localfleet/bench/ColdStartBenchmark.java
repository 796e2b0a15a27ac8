package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentfleet.testing.redis.RedisServer;

/**
 * Native cold start against a bare Funqy function ({@code ./fleet bench-cold}): each native executable and the
 * bare one ({@code tests/bare-function}, built with the same toolchain) start in turn, {@code runs} pairs, each inside
 * a memory cgroup limited as the module's Knative manifest limits it, with the heap a container-aware native
 * executable would size from that limit ({@code -Xmx} 80 % of it, GraalVM's default; the test-only toolchain's binaries
 * do not read cgroups themselves). Time from process start to the first 2xx of the module's sample request (the
 * first Redis use included) and RSS right after it; the ratios are the medians of the pairs'. Each lever (extra
 * runtime options) is measured the same way, against the bare function as it is. Both get the same settings (Redis,
 * ports, keys); those the bare function does not know cost it a warning at start, so the ratios, if anything, flatter
 * the modules.
 * Loopback only; needs a writable cgroup (root); every process and the cgroup are gone at the end.
 */
public final class ColdStartBenchmark {

    /**
     * Runtime options tried as levers, beside the executable as the benchmark runs it (its young generation capped at
     * 16 MB by the SDK's build arguments, tracing off as the SDK defaults), unless the command names others: a smaller
     * young generation, plain-text logs, and tracing on as the manifests deploy it (agentfleet-config).
     */
    public static final List<List<String>> LEVERS = List.of(List.of("-Xmn4m"), List.of("-Dquarkus.log.console.json.enabled=false"),
            List.of("-Dquarkus.otel.sdk.disabled=false"));

    /**
     * The second baseline, measured like a module: the bare function with agent-sdk's extensions and settings and
     * none of agentfleet's code ({@code tests/bare-extensions}), limited as data-analysis is ({@link #limitMb}). A
     * function's ratio less this one's is what agentfleet's code adds; this one's is what the extensions cost.
     */
    static final StartupBenchmark.Probe EXTENSIONS = new StartupBenchmark.Probe("tests/bare-extensions", "POST", "/echo", "{\"ping\": 1}");

    private static final Pattern LIMIT = Pattern.compile("limits:\\s*\\n(?:\\s+cpu:[^\\n]*\\n)?\\s+memory:\\s*(\\d+)Mi");

    private ColdStartBenchmark() {
    }

    public static void run(Path root, int runs, List<List<String>> levers, PrintStream out) throws IOException, InterruptedException {
        if (runs < 1 || runs > 51) {
            throw new IllegalArgumentException("runs are 1 to 51");
        }
        Path bare = StartupBenchmark.nativeRunner(root.resolve("tests/bare-function")).orElseThrow(() -> new IllegalStateException(
                "build the baseline first: ./mvnw -B package -Dnative -DskipTests -pl tests/bare-function (same toolchain as the modules)"));
        StartupBenchmark.Fixtures fixtures = StartupBenchmark.Fixtures.start();
        StartupBenchmark.Probe bareProbe = new StartupBenchmark.Probe("tests/bare-function", "POST", "/echo", "{\"ping\": 1}");
        try (RedisServer redis = RedisServer.builder().start(); MemoryCgroup cgroup = MemoryCgroup.create("agentfleet-bench-cold")) {
            out.printf("Native cold start against the bare function, %d alternating pairs each, in a memory cgroup with the module's limit%n%n", runs);
            out.println("| Module | Memory limit | Options | Bare: first 2xx / RSS | Module: first 2xx / RSS | Module / bare: time, RSS (median of pairs) |");
            out.println("| --- | --- | --- | --- | --- | --- |");
            List<StartupBenchmark.Probe> probes = new ArrayList<>();
            probes.add(EXTENSIONS);
            probes.addAll(StartupBenchmark.PROBES);
            for (StartupBenchmark.Probe probe : probes) {
                Optional<Path> runner = StartupBenchmark.nativeRunner(root.resolve(probe.module()));
                if (runner.isEmpty()) {
                    out.printf("| %s | | | | not built natively | |%n", probe.module());
                    continue;
                }
                int limitMb = limitMb(root, probe.module());
                cgroup.limit(limitMb);
                List<String> heap = List.of("-Xmx" + (limitMb * 8 / 10) + "m");
                List<List<String>> variants = new ArrayList<>();
                variants.add(List.of());
                variants.addAll(levers);
                for (List<String> lever : variants) {
                    List<String> options = new ArrayList<>(heap);
                    options.addAll(lever);
                    Pairs pairs = new Pairs(runs);
                    for (int r = 0; r < runs; r++) {
                        pairs.add(r, StartupBenchmark.measure(bareProbe, "native", cgroup.wrap(bare), heap, redis, fixtures, 1),
                                StartupBenchmark.measure(probe, "native", cgroup.wrap(runner.get()), options, redis, fixtures, 1));
                    }
                    out.printf("| %s | %d Mi | %s | %s |%n", probe.module(), limitMb, String.join(" ", options), pairs);
                }
            }
        }
    }

    /** The bare function's and the module's samples, taken in turn, and their ratios. */
    private static final class Pairs {

        private final long[] bareMs;
        private final long[] bareKb;
        private final long[] moduleMs;
        private final long[] moduleKb;

        Pairs(int runs) {
            bareMs = new long[runs];
            bareKb = new long[runs];
            moduleMs = new long[runs];
            moduleKb = new long[runs];
        }

        void add(int r, StartupBenchmark.Sample bare, StartupBenchmark.Sample module) {
            bareMs[r] = bare.firstResponseMillis();
            bareKb[r] = bare.rssKb();
            moduleMs[r] = module.firstResponseMillis();
            moduleKb[r] = module.rssKb();
        }

        /** Medians: the bare function's time and RSS, the module's, and the pairs' ratios (table cells). */
        @Override
        public String toString() {
            return String.format("%d ms / %.1f MB | %d ms / %.1f MB | %.2fx, %.2fx", Percentiles.median(bareMs),
                    Percentiles.median(bareKb) / 1024.0, Percentiles.median(moduleMs), Percentiles.median(moduleKb) / 1024.0,
                    Percentiles.medianOfRatios(moduleMs, bareMs), Percentiles.medianOfRatios(moduleKb, bareKb));
        }
    }

    /**
     * The memory limit (MiB) of the module's container in its Knative manifest; the extensions baseline, not deployed,
     * takes data-analysis' (the function whose sample request it mirrors).
     */
    static int limitMb(Path root, String module) throws IOException {
        String name = module.equals(EXTENSIONS.module()) ? "data-analysis" : module.substring(module.lastIndexOf('/') + 1);
        Path manifest = name.equals("workflow-coordinator") ? root.resolve("knative/base/coordinator/workflow-coordinator.yaml")
                : name.equals("canary") ? root.resolve("knative/base/canary/canary.yaml") : root.resolve("knative/base/functions/" + name + ".yaml");
        Matcher m = LIMIT.matcher(Files.readString(manifest));
        if (!m.find()) {
            throw new IllegalStateException(manifest + " sets no memory limit in Mi");
        }
        return Integer.parseInt(m.group(1));
    }
}
