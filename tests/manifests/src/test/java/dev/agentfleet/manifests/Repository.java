package dev.agentfleet.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths in the agentfleet repository these tests read. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("agentfleet.root", "../..")).toAbsolutePath().normalize();
    static final Path KNATIVE = ROOT.resolve("knative");

    private Repository() {
    }

    /** The overlays users apply: knative/overlays/&lt;name&gt;. */
    static List<String> overlays() {
        return directories(KNATIVE.resolve("overlays"));
    }

    /** The capability function modules: functions/* with an application (agent-sdk is a library). */
    static List<String> functionModules() {
        return directories(ROOT.resolve("functions")).stream()
                .filter(m -> Files.exists(ROOT.resolve("functions").resolve(m).resolve("src/main/resources/application.properties")))
                .toList();
    }

    /** A module's directory by its name: functions/&lt;name&gt; or the coordinator. */
    static Path module(String name) {
        return name.equals("workflow-coordinator") ? ROOT.resolve(name) : ROOT.resolve("functions").resolve(name);
    }

    private static List<String> directories(Path parent) {
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
