package dev.agentfleet.localfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agentfleet.localfleet.cli.FleetCli;

/**
 * {@code ./fleet} as a user drives it, as separate launcher processes over a repository of fake applications
 * ({@link FakeApplication}) and a real Redis: one fleet per directory, an interrupted start leaves nothing running,
 * {@code down} finds what a killed launcher never recorded, and {@code --redis cluster} runs the fleet on a TLS Redis
 * Cluster.
 */
class LauncherTest {

    @TempDir
    Path root;
    private final Map<Process, Path> logs = new HashMap<>();

    @BeforeEach
    void repositoryWithTwoApplications() throws IOException {
        for (String name : List.of("alpha", "beta")) {
            fakeApplication(root.resolve("functions").resolve(name).resolve("target/quarkus-app"));
        }
    }

    @AfterEach
    void nothingIsLeftRunning() throws Exception {
        launcher("down").waitFor(60, TimeUnit.SECONDS);
        assertThat(fleetProcesses()).as("processes of the test fleet after down").isEmpty();
    }

    @Test
    void twoLaunchersAtOnceStartOneFleetAndTheSecondSaysWhy() throws Exception {
        slowToBeReady("beta", Duration.ofSeconds(3));
        Process first = launcher("up");
        awaitState(1); // the first holds the lock and has started Redis
        Process second = launcher("up");

        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).as("the second launcher is refused").isEqualTo(FleetException.USAGE);
        assertThat(output(second)).contains("another ./fleet (pid " + first.pid() + ") is starting or stopping the fleet");
        assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as(output(first)).isZero();
        assertThat(fleetProcesses()).as("one Redis, the stub and two applications").hasSize(4);

        Process again = launcher("up");
        assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(again)).contains("already up");
    }

    @Test
    void ctrlCWhileStartingStopsEverythingStartedSoFar() throws Exception {
        slowToBeReady("alpha", Duration.ofMinutes(5));
        Process up = launcher("up");
        awaitState(4); // Redis, the stub and both applications spawned; alpha never gets ready
        new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).isEqualTo(130);
        assertThat(fleetProcesses()).as("nothing of the interrupted start keeps running").isEmpty();
        assertThat(new FleetState(root.resolve(".fleet")).read()).isEmpty();
    }

    @Test
    void downStopsWhatAKilledLauncherStarted() throws Exception {
        slowToBeReady("alpha", Duration.ofMinutes(5));
        Process up = launcher("up");
        awaitState(4);
        up.destroyForcibly().waitFor();
        assertThat(fleetProcesses()).as("orphans of the killed launcher").hasSize(4);

        Process down = launcher("down");
        assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(down)).contains("Stopped 4 components");
        assertThat(fleetProcesses()).isEmpty();
    }

    @Test
    void upOnARedisClusterGivesTheApplicationsTheClusterAndDownStopsEveryNode() throws Exception {
        Process up = launcher("up", "--redis", "cluster");
        assertThat(up.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).as(output(up)).isZero();
        assertThat(output(up)).contains("Redis Cluster: 3 primaries + 3 replicas, TLS");
        assertThat(fleetProcesses()).as("six Redis nodes, the stub and two applications").hasSize(9);

        FleetState.Entry alpha = new FleetState(root.resolve(".fleet")).read().stream().filter(e -> e.name().equals("alpha"))
                .findFirst().orElseThrow();
        String said = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(alpha.url() + "/redis")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(said).contains("quarkus.redis.client-type=cluster", "quarkus.redis.hosts=rediss://127.0.0.1:",
                "agentfleet.sdk.redis.auth.source=file");

        // what a second instance in dev mode beside the fleet needs: the same Redis, trusting the same senders
        Process options = launcher("dev-options", "alpha");
        assertThat(options.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(options.exitValue()).as(output(options)).isZero();
        assertThat(output(options)).contains("-Dquarkus.redis.client-type=cluster", "-Dquarkus.redis.hosts=rediss://127.0.0.1:",
                "-Dagentfleet.sdk.senders.verify=true", "-Dagentfleet.sdk.senders.public-key=").doesNotContain("\n-D");
        Process unknown = launcher("dev-options", "gamma");
        assertThat(unknown.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unknown.exitValue()).isEqualTo(FleetException.USAGE);

        Process down = launcher("down");
        assertThat(down.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(down)).contains("Stopped 9 components");
        assertThat(fleetProcesses()).isEmpty();
    }

    private Process launcher(String... command) throws IOException {
        Path log = Files.createTempFile(root, "launcher-" + command[0], ".log");
        List<String> line = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dfleet.root=" + root, FleetCli.class.getName()));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        logs.put(process, log);
        return process;
    }

    /** What a launcher printed (stdout and stderr). */
    private String output(Process process) throws IOException {
        return Files.readString(logs.get(process), StandardCharsets.UTF_8);
    }

    private void awaitState(int entries) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> new FleetState(root.resolve(".fleet")).read().size() >= entries);
    }

    private List<ProcessHandle> fleetProcesses() {
        return FleetProcesses.find(root.resolve(".fleet"), List.of());
    }

    private void slowToBeReady(String application, Duration delay) throws IOException {
        Files.writeString(root.resolve("functions").resolve(application).resolve("target/quarkus-app/ready-after-ms"),
                String.valueOf(delay.toMillis()));
    }

    /** A runnable jar holding {@link FakeApplication}, where the launcher looks for a module's runner. */
    private static void fakeApplication(Path dir) throws IOException {
        Files.createDirectories(dir);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeApplication.class.getName());
        String entry = FakeApplication.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(dir.resolve("quarkus-run.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest);
                InputStream clazz = FakeApplication.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            clazz.transferTo(jar);
            jar.closeEntry();
        }
    }
}
