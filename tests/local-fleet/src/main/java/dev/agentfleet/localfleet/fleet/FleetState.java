package dev.agentfleet.localfleet.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** What {@code ./fleet up} started, kept in {@code .fleet/state.properties} for {@code status}, {@code logs} and {@code down}. */
public final class FleetState {

    /** One running component; {@code managementPort} is where an application's health and metrics answer (0: none). */
    public record Entry(String name, Component.Kind kind, long pid, int port, int managementPort, Path log) {

        public Entry(String name, Component.Kind kind, long pid, int port, Path log) {
            this(name, kind, pid, port, 0, log);
        }

        public boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        public String url() {
            return kind == Component.Kind.REDIS ? "redis://127.0.0.1:" + port : "http://127.0.0.1:" + port;
        }

        /** The management interface: {@code /q/health}, {@code /q/metrics}. */
        public String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }
    }

    private final Path file;

    public FleetState(Path dir) {
        this.file = dir.resolve("state.properties");
    }

    public List<Entry> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Entry> entries = new ArrayList<>();
        for (String name : props.getProperty("components", "").split(",")) {
            if (name.isBlank()) {
                continue;
            }
            entries.add(new Entry(name, Component.Kind.valueOf(props.getProperty(name + ".kind")),
                    Long.parseLong(props.getProperty(name + ".pid")), Integer.parseInt(props.getProperty(name + ".port")),
                    Integer.parseInt(props.getProperty(name + ".management-port", "0")), Path.of(props.getProperty(name + ".log"))));
        }
        return entries;
    }

    public void write(List<Entry> entries) {
        Properties props = new Properties();
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            names.add(e.name());
            props.setProperty(e.name() + ".kind", e.kind().name());
            props.setProperty(e.name() + ".pid", String.valueOf(e.pid()));
            props.setProperty(e.name() + ".port", String.valueOf(e.port()));
            props.setProperty(e.name() + ".management-port", String.valueOf(e.managementPort()));
            props.setProperty(e.name() + ".log", e.log().toString());
        }
        props.setProperty("components", String.join(",", names));
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                props.store(out, "agentfleet local fleet: written by ./fleet up");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void clear() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
