package dev.agentfleet.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One {@code redis-server} process of a {@link RedisCluster}: its ports, data folder and log. */
public final class ClusterNode {

    private final int port;
    /** The cluster bus port, chosen apart (the default, port + 10000, may not exist or be free). */
    private final int busPort;
    private final Path dir;
    private Process process;

    ClusterNode(int port, int busPort, Path dir) {
        this.port = port;
        this.busPort = busPort;
        this.dir = dir;
    }

    public int port() {
        return port;
    }

    int busPort() {
        return busPort;
    }

    Path dir() {
        return dir;
    }

    /** The node's log file. */
    public Path log() {
        return dir.resolve("redis.log");
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Starts the process (its output beside the data); the caller waits until it answers. */
    void launch(List<String> command) {
        try {
            Files.createDirectories(dir);
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the node's log, for an error message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
