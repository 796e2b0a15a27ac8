package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentfleet.testing.redis.RedisServer;

/**
 * JVM start with a Leyden AOT cache ({@code ./fleet bench-aot --java <java of JDK 24 or later>}) against the JVM as the
 * images run it today (the JDK this benchmark runs on, no archive). Per module: one training run on the newer JDK
 * ({@code -XX:AOTCacheOutput}: start, the module's sample request, SIGTERM; the JVM writes the cache as it exits, as
 * an image build would), then {@code runs} alternating triples: today's JVM, the newer JDK with the cache
 * ({@code -XX:AOTMode=on}, so a cache it cannot use fails the run instead of being skipped quietly), and the same with
 * C1 only ({@code -XX:TieredStopAtLevel=1}, for functions that live seconds). Ratios are medians of the triples'.
 * Loopback only; every process is gone at the end; the caches stay beside the jars ({@code bench-app.aot}).
 */
public final class AotCacheBenchmark {

    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");

    private AotCacheBenchmark() {
    }

    public static void run(Path root, Path java, int runs, PrintStream out) throws IOException, InterruptedException {
        if (runs < 1 || runs > 51) {
            throw new IllegalArgumentException("runs are 1 to 51");
        }
        int feature = featureVersion(java);
        String today = ProcessHandle.current().info().command().orElse("java");
        StartupBenchmark.Fixtures fixtures = StartupBenchmark.Fixtures.start();
        String aot = "JDK " + feature + " + AOT cache";
        try (RedisServer redis = RedisServer.builder().start()) {
            out.printf("JVM start with a Leyden AOT cache, %d alternating triples each%n%n", runs);
            out.printf("| Module | JVM (JDK %d, as the images run): first response / RSS | %s | %s, C1 only |%n",
                    Runtime.version().feature(), aot, aot);
            out.println("| --- | --- | --- | --- |");
            for (StartupBenchmark.Probe probe : StartupBenchmark.PROBES) {
                Path jar = root.resolve(probe.module()).resolve("target/quarkus-app/quarkus-run.jar");
                if (!Files.isRegularFile(jar)) {
                    out.printf("| %s | not built (target/quarkus-app) | | |%n", probe.module());
                    continue;
                }
                try {
                    Path cache = train(probe, java, jar, redis, fixtures);
                    List<String> withCache = List.of(java.toString(), "-XX:AOTMode=on", "-XX:AOTCache=" + cache);
                    List<String> c1 = new ArrayList<>(withCache);
                    c1.add("-XX:TieredStopAtLevel=1");
                    List<String> jarArgs = List.of("-jar", jar.toString());
                    long[][] times = new long[3][runs];
                    long[][] rss = new long[3][runs];
                    List<List<String>> variants = List.of(List.of(today), withCache, c1);
                    List<String> modes = List.of("JVM", aot, aot + ", C1 only");
                    for (int r = 0; r < runs; r++) {
                        for (int v = 0; v < 3; v++) {
                            StartupBenchmark.Sample s = StartupBenchmark.measure(probe, modes.get(v), variants.get(v), jarArgs, redis, fixtures,
                                    1);
                            times[v][r] = s.firstResponseMillis();
                            rss[v][r] = s.rssKb();
                        }
                    }
                    out.printf("| %s | %s | %s | %s |%n", probe.module(), cell(times[0], rss[0], null), cell(times[1], rss[1], times[0]),
                            cell(times[2], rss[2], times[0]));
                } catch (IllegalStateException e) { // one module that does not answer leaves the others' figures
                    out.printf("| %s | not measured: %s | | |%n", probe.module(), e.getMessage());
                }
            }
        }
    }

    /** The training run: the module's sample request on the newer JDK, which writes the cache as it exits. */
    private static Path train(StartupBenchmark.Probe probe, Path java, Path jar, RedisServer redis, StartupBenchmark.Fixtures fixtures)
            throws IOException, InterruptedException {
        Path cache = jar.resolveSibling("bench-app.aot");
        Files.deleteIfExists(cache);
        StartupBenchmark.measure(probe, "training", List.of(java.toString(), "-XX:AOTCacheOutput=" + cache), List.of("-jar", jar.toString()),
                redis, fixtures, 1);
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            throw new IllegalStateException("the training run wrote no AOT cache");
        }
        return cache;
    }

    private static String cell(long[] times, long[] rssKb, long[] baseline) {
        String figures = String.format("%d ms / %.1f MB", Percentiles.median(times), Percentiles.median(rssKb) / 1024.0);
        if (baseline == null) {
            return figures;
        }
        return String.format("%s (%.2fx)", figures, Percentiles.medianOfRatios(times, baseline));
    }

    /** The JDK's feature release ({@code java -version}); AOT caches came with JDK 24 (JEP 483). */
    static int featureVersion(Path java) throws IOException, InterruptedException {
        if (!Files.isRegularFile(java) || !Files.isExecutable(java)) { // a JDK's home is a directory, "executable" too
            throw new IllegalArgumentException("--java " + java + " is not an executable (give a JDK's bin/java)");
        }
        // into a file, read after the bounded wait: a java that hangs with its output open cannot hang the command
        Path output = Files.createTempFile("agentfleet-java-version", ".txt");
        String text;
        try {
            Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!version.waitFor(30, TimeUnit.SECONDS)) {
                version.destroyForcibly();
                throw new IllegalArgumentException("--java " + java + " -version did not finish within 30 s");
            }
            text = Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
        Matcher m = VERSION.matcher(text);
        int feature = m.find() ? Integer.parseInt(m.group(1)) : 0;
        if (feature < 24) {
            throw new IllegalArgumentException("--java " + java + " is not JDK 24 or later (AOT caches came with JDK 24): "
                    + text.lines().findFirst().orElse("no version"));
        }
        return feature;
    }
}
