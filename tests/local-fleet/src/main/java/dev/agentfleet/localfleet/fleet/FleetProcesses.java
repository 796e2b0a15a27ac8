package dev.agentfleet.localfleet.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds and stops every process a fleet directory started, whether or not the state file knows it (a launcher killed
 * half-way through a start never wrote it). Each Java process of the fleet carries {@link #marker(Path)} on its
 * command line; Redis, which rewrites its own command line, leaves a pid file under the state directory.
 */
public final class FleetProcesses {

    private static final String PROPERTY = "agentfleet.fleet";
    /** Where {@code ./fleet up --redis cluster} keeps its nodes (and their pid files), under the state directory. */
    public static final String REDIS_CLUSTER_DIR = "redis-cluster";

    private FleetProcesses() {
    }

    /** The system property that tags a Java process as started for this fleet directory. */
    public static String marker(Path stateDir) {
        return "-D" + PROPERTY + "=" + stateDir.toAbsolutePath().normalize();
    }

    /** Every live process of the fleet: those the state names (if still ours), those carrying the marker, Redis by its pid file. */
    public static List<ProcessHandle> find(Path stateDir, Collection<FleetState.Entry> known) {
        String marker = marker(stateDir);
        Map<Long, ProcessHandle> found = new LinkedHashMap<>();
        for (FleetState.Entry e : known) {
            ProcessHandle.of(e.pid()).filter(p -> ours(p, marker, stateDir)).ifPresent(p -> found.put(p.pid(), p));
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(p -> found.putIfAbsent(p.pid(), p));
        redisPids(stateDir).forEach(p -> found.putIfAbsent(p.pid(), p));
        return new ArrayList<>(found.values());
    }

    /** Stops the processes, newest first (Redis, started first, last): SIGTERM, then SIGKILL after 15 s. */
    public static void stop(List<ProcessHandle> processes) {
        List<ProcessHandle> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (ProcessHandle p : reversed) {
            p.destroy();
        }
        for (ProcessHandle p : reversed) {
            try {
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                p.destroyForcibly();
            }
        }
    }

    private static boolean ours(ProcessHandle p, String marker, Path stateDir) {
        Optional<String> line = p.info().commandLine();
        if (line.isEmpty()) {
            return false;
        }
        return line.get().contains(marker) || redisPids(stateDir).anyMatch(r -> r.pid() == p.pid());
    }

    /**
     * Whether a process is a Redis server. Redis rewrites its command line ({@code redis-server 127.0.0.1:6379}), and on
     * Debian its executable is a link named otherwise, so the raw command line is what tells.
     */
    private static boolean isRedis(ProcessHandle p) {
        Path cmdline = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
        try {
            if (Files.isReadable(cmdline)) {
                return new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8).contains("redis-server");
            }
        } catch (IOException gone) {
            return false;
        }
        return p.info().commandLine().map(c -> c.contains("redis")).orElse(true);
    }

    /** Live redis-server processes whose pid file lies in the state directory's Redis (or Redis Cluster) folder. */
    private static Stream<ProcessHandle> redisPids(Path stateDir) {
        return Stream.concat(redisPids(stateDir, "redis"), redisPids(stateDir, REDIS_CLUSTER_DIR));
    }

    private static Stream<ProcessHandle> redisPids(Path stateDir, String folder) {
        Path dir = stateDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        List<ProcessHandle> live = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                try {
                    long pid = Long.parseLong(Files.readString(f).trim());
                    ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(FleetProcesses::isRedis).ifPresent(live::add);
                } catch (IOException | NumberFormatException stale) {
                    // a pid file being written or left by a crash: nothing to stop
                }
            }
        } catch (IOException e) {
            return Stream.empty();
        }
        return live.stream();
    }
}
