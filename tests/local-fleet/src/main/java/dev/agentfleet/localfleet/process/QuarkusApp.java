package dev.agentfleet.localfleet.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.agentfleet.testing.process.FreePorts;

/**
 * A packaged Quarkus application run as a real child process on loopback, for tests and benchmarks that must kill it
 * ({@link #kill()} is SIGKILL) and start it again: either the runner jar ({@code target/quarkus-app/quarkus-run.jar},
 * started with this JVM's {@code java}) or a native executable ({@code target/*-runner}, started directly; options
 * such as {@code -Xmx} apply to both).
 */
public final class QuarkusApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final Path artifact;
    private final int port;
    private final int managementPort = FreePorts.find();
    private final Map<String, String> properties;
    private final Path log;
    private final List<String> jvmOptions;
    private Map<String, String> environment = Map.of();
    private Process process;

    /**
     * @param artifact   the runner jar or the native executable
     * @param jvmOptions options before the application's own ({@code -Xmx256m}); a native executable takes -X
     *                   options too
     */
    public QuarkusApp(Path artifact, int port, Map<String, String> properties, Path log, List<String> jvmOptions) {
        this.artifact = artifact;
        this.port = port;
        this.properties = Map.copyOf(properties);
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Environment variables for the process, beside what it inherits; a null value removes an inherited one (what a
     * test of, say, Google's credential discovery needs to control). Set before starting.
     */
    public QuarkusApp environment(Map<String, String> environment) {
        this.environment = new java.util.HashMap<>(environment);
        return this;
    }

    /** Starts it and waits until {@code /q/health/ready} on its management port answers 200. */
    public QuarkusApp start(Duration timeout) {
        launch();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(artifact + " exited while starting; see " + log);
            }
            if (ready()) {
                return this;
            }
            sleep(50);
        }
        throw new IllegalStateException(artifact + " was not ready within " + timeout + "; see " + log);
    }

    /** Starts it without waiting for anything (a test of what an unready application says). */
    public QuarkusApp launch() {
        boolean jar = artifact.getFileName().toString().endsWith(".jar");
        List<String> command = new ArrayList<>();
        command.add(jar ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : artifact.toString());
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.host=127.0.0.1");
        command.add("-Dquarkus.management.port=" + managementPort);
        command.add("-Dquarkus.log.console.json.enabled=false"); // tests read the log; a property below may turn it on
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        if (jar) {
            command.addAll(List.of("-jar", artifact.toString()));
        }
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            environment.forEach((k, v) -> {
                if (v == null) {
                    builder.environment().remove(k);
                } else {
                    builder.environment().put(k, v);
                }
            });
            process = builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where its health and metrics answer ({@code /q/health}, {@code /q/metrics}): the management interface. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is released. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGTERM: a graceful shutdown. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    /** Resident memory (kB) from /proc, or -1. */
    public long rssKb() {
        return ResidentMemory.kb(process.pid());
    }

    @Override
    public void close() {
        stop();
    }

    private void waitFor() {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
