package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.process.QuarkusApp;
import dev.agentfleet.testing.process.FreePorts;
import dev.agentfleet.testing.redis.TestRedis;

/**
 * The packaged coordinator as the benchmarks run it: on their own Redis, with the no-op function as its only function
 * service and completion sink, the development token key, no start rate (the benchmark's clients are one subject),
 * {@code -Xmx512m}, logging warnings only.
 */
final class BenchCoordinator {

    private BenchCoordinator() {
    }

    /**
     * The coordinator's runner jar: the build's, or another build to compare (before/after a change) given as
     * {@code -Dagentfleet.bench.coordinator=<quarkus-run.jar>}.
     */
    static Path jar(Path root) {
        Path jar = Path.of(System.getProperty("agentfleet.bench.coordinator",
                root.resolve("workflow-coordinator/target/quarkus-app/quarkus-run.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("build the coordinator first: ./mvnw -B package -DskipTests -pl workflow-coordinator -am");
        }
        return jar;
    }

    /**
     * Starts the coordinator and waits until it is ready; {@code settings} override the benchmark's. JVM options to
     * add (to profile: {@code -XX:StartFlightRecording=filename=c.jfr,settings=profile}) come from
     * {@code -Dagentfleet.bench.coordinator-jvm-options}.
     */
    static QuarkusApp start(Path jar, String functionUrl, TestRedis redis, Map<String, String> settings) throws IOException {
        Path work = Files.createTempDirectory("agentfleet-bench-");
        Path publicKey = Files.writeString(work.resolve("jwt-public.pem"), DevTokens.publicKeyPem());
        Map<String, String> props = new HashMap<>(redis.clientConfig());
        props.putAll(Map.of(
                "agentfleet.coordinator.functions", "bench/noop",
                "agentfleet.coordinator.function-urls.bench", functionUrl,
                "agentfleet.coordinator.sink", functionUrl + "/sink",
                "mp.jwt.verify.publickey.location", publicKey.toString(),
                "agentfleet.coordinator.allow-development-key", "true",
                "agentfleet.coordinator.start-rate.per-second", "0",
                "quarkus.log.level", "WARN"));
        props.putAll(settings);
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        String extra = System.getProperty("agentfleet.bench.coordinator-jvm-options", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        return new QuarkusApp(jar, FreePorts.find(), props, work.resolve("coordinator.log"), jvm).start(Duration.ofSeconds(60));
    }

    /**
     * The coordinator's heap in use after a full collection ({@code jcmd <pid> GC.run}, then the JVM's own figure from
     * {@code /q/metrics}): what live objects hold, not what garbage has not been collected yet.
     */
    static long heapAfterGc(QuarkusApp coordinator) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(jcmd.toString(), String.valueOf(coordinator.pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (gc.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + coordinator.pid() + " GC.run failed (a JDK's jcmd beside this java is needed)");
        }
        return CoordinatorMetrics.heapUsed(CoordinatorMetrics.metrics(coordinator));
    }
}
