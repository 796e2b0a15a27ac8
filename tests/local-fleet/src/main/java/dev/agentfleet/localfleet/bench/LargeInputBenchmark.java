package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.agentfleet.localfleet.process.QuarkusApp;
import dev.agentfleet.localfleet.process.ResidentMemory;
import dev.agentfleet.testing.process.FreePorts;
import dev.agentfleet.testing.redis.RedisServer;

/**
 * Time and memory of the largest inputs the functions take ({@code ./fleet bench-inputs}): a 1 MB security-monitor
 * batch (the functions' body limit is 1 MiB), a 10,000-event {@code detect-threats} call (its most events) and a
 * 100,000-value {@code analyze-series} call (its most values). Each case starts the packaged function afresh (JVM, and
 * the native executable when one was built) on its own Redis, then: the first call (a cold path: classes, JIT), then
 * {@code calls} more, with their median; RSS before the first call, after the last, and the process' peak (VmHWM).
 * Loopback only; each process is stopped after its case.
 */
public final class LargeInputBenchmark {

    private static final int BODY_LIMIT = 1024 * 1024;

    /** One input and where it goes. */
    private record Case(String name, String module, String path, String body) {
    }

    private LargeInputBenchmark() {
    }

    public static void run(Path root, int calls, PrintStream out) throws IOException, InterruptedException {
        if (calls < 1 || calls > 100) {
            throw new IllegalArgumentException("calls are 1 to 100");
        }
        List<Case> cases = List.of(
                new Case("1 MB batch (request events with long queries)", "functions/security-monitor", "/detect-threats", megabyteBatch()),
                new Case("10,000 events", "functions/security-monitor", "/detect-threats", tenThousandEvents()),
                new Case("100,000 values", "functions/data-analysis", "/analyze-series", hundredThousandValues()));
        out.printf("| Function | Input | Body | Build | First call | Next %d calls, median | RSS before / after / peak |%n", calls);
        out.println("| --- | --- | --- | --- | --- | --- | --- |");
        try (RedisServer redis = RedisServer.builder().start()) {
            for (Case c : cases) {
                for (Path artifact : artifacts(root.resolve(c.module()))) {
                    measure(c, artifact, redis, calls, out);
                }
            }
        }
    }

    private static void measure(Case c, Path artifact, RedisServer redis, int calls, PrintStream out) throws IOException, InterruptedException {
        boolean jvm = artifact.getFileName().toString().endsWith(".jar");
        QuarkusApp app = new QuarkusApp(artifact, FreePorts.find(), Map.of("quarkus.redis.hosts", redis.uri(), "quarkus.log.level", "WARN"),
                Files.createTempDirectory("agentfleet-bench-inputs-").resolve("app.log"), List.of()).start(Duration.ofSeconds(60));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(app.url() + c.path())).timeout(Duration.ofMinutes(2))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(c.body())).build();
            long rssBefore = app.rssKb();
            long first = call(http, request, c);
            long[] next = new long[calls];
            for (int i = 0; i < calls; i++) {
                next[i] = call(http, request, c);
            }
            out.printf("| %s | %s | %,d B | %s | %,d ms | %,d ms | %.0f / %.0f / %.0f MB |%n", c.module().substring("functions/".length()) + c.path(),
                    c.name(), c.body().getBytes(StandardCharsets.UTF_8).length, jvm ? "JVM" : "native", first / 1_000_000,
                    Percentiles.median(next) / 1_000_000, rssBefore / 1024.0, app.rssKb() / 1024.0, ResidentMemory.peakKb(app.pid()) / 1024.0);
        } finally {
            app.stop();
        }
    }

    /** One call's time; a non-2xx answer ends the benchmark with what the function said. */
    private static long call(HttpClient http, HttpRequest request, Case c) throws IOException, InterruptedException {
        long began = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - began;
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IllegalStateException(c.module() + c.path() + " answered " + response.statusCode() + " to the " + c.name() + ": "
                    + body.substring(0, Math.min(300, body.length())));
        }
        return took;
    }

    /** The runner jar, and the native executable when one was built. */
    private static List<Path> artifacts(Path module) throws IOException {
        List<Path> found = new ArrayList<>();
        Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
        if (Files.isRegularFile(jar)) {
            found.add(jar);
        }
        StartupBenchmark.nativeRunner(module).ifPresent(found::add);
        if (found.isEmpty()) {
            throw new IllegalStateException(module + " is not built: ./mvnw -B package -DskipTests");
        }
        return found;
    }

    // ---- inputs -----------------------------------------------------------------------------------------------------

    /** Request events whose queries make the batch just under the 1 MiB body limit; one in 50 carries an injection. */
    static String megabyteBatch() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        List<String> events = new ArrayList<>();
        int length = "{\"events\":[]}".length();
        for (int i = 0; ; i++) {
            String query = "q=" + "a".repeat(800) + (i % 50 == 0 ? "%27%20OR%201%3D1--" : "") + "&page=" + i;
            String event = "{\"timestamp\":\"" + t.plusMillis(i * 100L) + "\",\"kind\":\"request\",\"ip\":\"198.51.100." + (i % 200)
                    + "\",\"method\":\"GET\",\"path\":\"/search?" + query + "\",\"status\":200}";
            length += event.length() + (events.isEmpty() ? 0 : 1);
            if (length > BODY_LIMIT - 1024) {
                return envelope(events);
            }
            events.add(event);
        }
    }

    /** 10,000 compact events: failed logins from a few addresses (brute force), successes elsewhere, plain requests. */
    static String tenThousandEvents() {
        Instant t = Instant.parse("2026-11-01T10:00:00Z");
        List<String> events = new ArrayList<>(10_000);
        for (int i = 0; i < 10_000; i++) {
            String at = t.plusMillis(i * 250L).toString();
            events.add(switch (i % 3) {
                case 0 -> "{\"timestamp\":\"" + at + "\",\"kind\":\"auth\",\"user\":\"u" + (i % 40) + "\",\"ip\":\"203.0.113." + (i % 7)
                        + "\",\"success\":false}";
                case 1 -> "{\"timestamp\":\"" + at + "\",\"kind\":\"auth\",\"user\":\"u" + (i % 40) + "\",\"ip\":\"10.0." + (i % 250)
                        + ".1\",\"success\":true}";
                default -> "{\"timestamp\":\"" + at + "\",\"kind\":\"request\",\"ip\":\"10.1.0." + (i % 250) + "\",\"path\":\"/p/" + i + "\"}";
            });
        }
        String body = envelope(events);
        if (body.length() > BODY_LIMIT) {
            throw new IllegalStateException("10,000 events take " + body.length() + " bytes, over the body limit");
        }
        return body;
    }

    /** A noisy upward series with a few spikes. */
    static String hundredThousandValues() {
        Random random = new Random(22);
        StringBuilder values = new StringBuilder("{\"values\":[");
        for (int i = 0; i < 100_000; i++) {
            double v = i * 0.01 + random.nextGaussian() * 5 + (i % 9_973 == 0 ? 100 : 0);
            values.append(i == 0 ? "" : ",").append(Math.round(v * 100) / 100.0);
        }
        return values.append("]}").toString();
    }

    private static String envelope(List<String> events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }
}
