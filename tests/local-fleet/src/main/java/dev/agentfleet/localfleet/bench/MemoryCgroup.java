package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A memory cgroup of this machine (v2 {@code memory.max}, or v1 {@code memory.limit_in_bytes}) that a benchmark
 * starts processes in, so they run under a container's memory limit. Needs a writable cgroup filesystem (root);
 * removed on close (its processes must have ended).
 */
final class MemoryCgroup implements AutoCloseable {

    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    private final Path dir;
    private final String limitFile;

    private MemoryCgroup(Path dir, String limitFile) {
        this.dir = dir;
        this.limitFile = limitFile;
    }

    static MemoryCgroup create(String name) throws IOException {
        boolean v2 = Files.isRegularFile(ROOT.resolve("cgroup.controllers"));
        Path parent = v2 ? ROOT : ROOT.resolve("memory");
        if (!Files.isDirectory(parent)) {
            throw new IllegalStateException("no memory cgroup controller under " + ROOT);
        }
        Path dir = parent.resolve(name);
        try {
            if (v2) {
                enableMemoryController();
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the memory cgroup " + dir + " (run as root): " + e.getMessage(), e);
        }
        return new MemoryCgroup(dir, v2 ? "memory.max" : "memory.limit_in_bytes");
    }

    /**
     * On cgroup v2 a child has {@code memory.max} only when its parent delegates the memory controller
     * ({@code +memory} in the parent's {@code cgroup.subtree_control}); without it, the limit file is missing.
     */
    private static void enableMemoryController() throws IOException {
        Path control = ROOT.resolve("cgroup.subtree_control");
        if (namesMemory(control)) {
            return;
        }
        if (!namesMemory(ROOT.resolve("cgroup.controllers"))) {
            throw new IllegalStateException("this machine's cgroup v2 root has no memory controller (" + ROOT.resolve("cgroup.controllers") + ")");
        }
        try {
            Files.writeString(control, "+memory");
        } catch (IOException e) {
            throw new IllegalStateException("cannot delegate the memory controller in " + control + " (run as root; in a container the"
                    + " root cgroup may hold processes, which v2 forbids for a parent delegating controllers): " + e.getMessage(), e);
        }
    }

    /** Whether a cgroup v2 controller list (space-separated names) has the memory controller. */
    private static boolean namesMemory(Path controllers) throws IOException {
        return List.of(Files.readString(controllers).trim().split("\\s+")).contains("memory");
    }

    void limit(int megabytes) throws IOException {
        Files.writeString(dir.resolve(limitFile), String.valueOf(megabytes * 1024L * 1024L));
    }

    /** The command that runs {@code executable} (and the arguments appended to it) inside this cgroup. */
    List<String> wrap(Path executable) {
        return List.of("sh", "-c", "echo $$ > " + dir.resolve("cgroup.procs") + " && exec \"$@\"", "sh", executable.toString());
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(dir);
    }
}
