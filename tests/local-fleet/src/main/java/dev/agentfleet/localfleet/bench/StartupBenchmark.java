package dev.agentfleet.localfleet.bench;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.process.FreePorts;
import dev.agentfleet.localfleet.process.ResidentMemory;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.localfleet.stub.OpenMeteoStub;

/**
 * Time to first response and memory of each application, JVM and native: starts the packaged application (the
 * Quarkus runner jar, and the native executable when one was built), sends the module's sample request until the
 * first 2xx answer, reads the process' resident set size (VmRSS) right after, and stops it. Median of {@code runs}.
 * The JVM is measured twice, in turn: as is, and with the class-data archive its image makes (AppCDS), with the ratio.
 * Loopback only; every process is stopped before the next starts.
 */
public final class StartupBenchmark {

    /** What to send a module to prove it answers. */
    record Probe(String module, String method, String path, String body) {
    }

    static final List<Probe> PROBES = List.of(
            new Probe("functions/data-analysis", "POST", "/analyze-series", "{\"values\": [1, 2, 3, 4, 5]}"),
            new Probe("functions/security-monitor", "POST", "/detect-threats",
                    "{\"events\": [{\"timestamp\": \"2026-11-01T10:00:00Z\", \"kind\": \"request\", \"ip\": \"203.0.113.5\", \"path\": \"/x?id=1 UNION SELECT 1\"}]}"),
            new Probe("functions/planning", "POST", "/find-accommodation",
                    "{\"destination\": \"Lisbon\", \"checkIn\": \"2026-12-07\", \"checkOut\": \"2026-12-09\", \"budgetPerNight\": 200, \"groupSize\": 2}"),
            new Probe("functions/weather", "POST", "/forecast",
                    "{\"latitude\": 38.7, \"longitude\": -9.1, \"startDate\": \"2026-12-07\", \"endDate\": \"2026-12-08\"}"),
            new Probe("functions/customer-service", "POST", "/classify-inquiry", "{\"text\": \"My package never arrived.\"}"),
            new Probe("functions/canary", "POST", "/canary-tick", "{}"),
            new Probe("workflow-coordinator", "POST", "/workflow-tick", "{}"));

    /** What every started module is pointed at: the Open-Meteo stand-in's port and the dev token key's file. */
    record Fixtures(int stubPort, Path devKey) {

        /**
         * Starts the Open-Meteo stand-in and writes the dev key to a temporary file (the coordinator does not start
         * without a token key; production must configure one).
         */
        static Fixtures start() throws IOException {
            int stubPort = FreePorts.find();
            OpenMeteoStub.main(new String[] { String.valueOf(stubPort) });
            Path devKey = Files.createTempFile("agentfleet-dev-jwt", ".pem");
            Files.writeString(devKey, DevTokens.publicKeyPem());
            devKey.toFile().deleteOnExit();
            return new Fixtures(stubPort, devKey);
        }
    }

    /** One measurement. */
    public record Sample(String module, String mode, long firstResponseMillis, long rssKb) {
    }

    private StartupBenchmark() {
    }

    public static void run(Path root, int runs, PrintStream out) throws IOException, InterruptedException {
        Fixtures fixtures = Fixtures.start();
        try (RedisServer redis = RedisServer.builder().start()) {
            out.printf("| Module | Mode | Time to first response (median of %d) | RSS after it |%n| --- | --- | --- | --- |%n", runs);
            for (Probe probe : PROBES) {
                try {
                    measureModule(root.resolve(probe.module()), probe, runs, redis, fixtures, out);
                } catch (IllegalStateException e) { // one module that does not answer leaves the others' figures
                    out.printf("| %s | not measured: %s | | |%n", probe.module(), e.getMessage());
                }
            }
        }
    }

    private static void measureModule(Path module, Probe probe, int runs, RedisServer redis, Fixtures fixtures, PrintStream out)
            throws IOException, InterruptedException {
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (Files.isRegularFile(jar)) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path archive = classDataArchive(java, jar);
            // alternately, so the pair sees the same machine: each run's AppCDS start over its plain one
            List<Sample> plain = new ArrayList<>();
            List<Sample> shared = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                plain.add(measure(probe, "JVM", List.of(java), List.of("-jar", jar.toString()), redis, fixtures, 1));
                shared.add(measure(probe, "JVM + AppCDS", List.of(java, "-XX:SharedArchiveFile=" + archive, "-Xshare:auto"),
                        List.of("-jar", jar.toString()), redis, fixtures, 1));
            }
            double ratio = Percentiles.medianOfRatios(shared.stream().mapToLong(Sample::firstResponseMillis).toArray(),
                    plain.stream().mapToLong(Sample::firstResponseMillis).toArray());
            report(out, medianOf(plain));
            Sample withArchive = medianOf(shared);
            out.printf("| %s | %s (%.2fx the JVM's, median of the pairs) | %d ms | %.1f MB |%n", withArchive.module(), withArchive.mode(),
                    ratio, withArchive.firstResponseMillis(), withArchive.rssKb() / 1024.0);
        }
        Optional<Path> runner = nativeRunner(module);
        if (runner.isPresent()) {
            report(out, measure(probe, "native", List.of(runner.get().toString()), List.of(), redis, fixtures, runs));
        }
    }

    /**
     * The application's class-data archive, written as the JVM image writes its own (src/main/docker/Dockerfile.jvm):
     * Quarkus' generate mode with {@code -XX:ArchiveClassesAtExit}, by this JVM, for this jar path; kept beside the jar
     * until the jar changes.
     */
    private static Path classDataArchive(String java, Path jar) throws IOException, InterruptedException {
        Path archive = jar.resolveSibling("bench-app-cds.jsa");
        if (Files.isRegularFile(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0) {
            return archive;
        }
        Files.deleteIfExists(archive);
        Process generate = new ProcessBuilder(java, "-XX:ArchiveClassesAtExit=" + archive, "-Dquarkus.appcds.generate=true", "-jar",
                jar.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        // as in the image: the archive, not the exit code, says it worked (the coordinator exits 1 without its token key)
        if (!generate.waitFor(2, TimeUnit.MINUTES) || !Files.isRegularFile(archive) || Files.size(archive) == 0) {
            generate.destroyForcibly();
            throw new IllegalStateException("no class-data archive for " + jar + " (Quarkus' generate mode failed)");
        }
        return archive;
    }

    private static Sample medianOf(List<Sample> samples) {
        long[] times = samples.stream().mapToLong(Sample::firstResponseMillis).toArray();
        long[] rss = samples.stream().mapToLong(Sample::rssKb).toArray();
        return new Sample(samples.get(0).module(), samples.get(0).mode(), Percentiles.median(times), Percentiles.median(rss));
    }

    /** The module's native executable ({@code target/*-runner}), when one was built. */
    static Optional<Path> nativeRunner(Path module) throws IOException {
        Path target = module.resolve("target");
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner") && Files.isExecutable(f)).findFirst();
        }
    }

    /** Runs {@code before + settings + after}: the settings go between the executable and what it runs. */
    static Sample measure(Probe probe, String mode, List<String> before, List<String> after, RedisServer redis, Fixtures fixtures,
            int runs) throws IOException, InterruptedException {
        long[] times = new long[runs];
        long[] rss = new long[runs];
        for (int r = 0; r < runs; r++) {
            int port = FreePorts.find();
            List<String> command = new ArrayList<>(before);
            command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + FreePorts.find(),
                    "-Dquarkus.redis.hosts=" + redis.uri(), "-Dmp.jwt.verify.publickey.location=" + fixtures.devKey(), "-Dagentfleet.coordinator.allow-development-key=true",
                    "-Dquarkus.rest-client.geocoding.url=http://127.0.0.1:" + fixtures.stubPort(),
                    "-Dquarkus.rest-client.forecast.url=http://127.0.0.1:" + fixtures.stubPort()));
            command.addAll(after);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                awaitFirstResponse(probe, port, process);
                times[r] = (System.nanoTime() - start) / 1_000_000;
                rss[r] = ResidentMemory.kb(process.pid());
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
        return new Sample(probe.module(), mode, Percentiles.median(times), Percentiles.median(rss));
    }

    private static void awaitFirstResponse(Probe probe, int port, Process process) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + probe.path()))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json");
        request = probe.body() == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(probe.body()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(probe.module() + " exited with " + process.exitValue() + " before answering");
            }
            try {
                if (client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(2);
        }
        throw new IllegalStateException(probe.module() + " did not answer within 60 s");
    }

    private static void report(PrintStream out, Sample s) {
        out.printf("| %s | %s | %d ms | %.1f MB |%n", s.module(), s.mode(), s.firstResponseMillis(), s.rssKb() / 1024.0);
    }

}
