package dev.agentfleet.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.agentfleet.testing.process.Detached;
import dev.agentfleet.testing.process.FreePorts;

/**
 * A real {@code redis-server} process on a loopback port, for tests and local runs.
 *
 * <p>It keeps its port and data folder across {@link #restart()} and {@link #kill()} + {@link #start()},
 * so with append-only persistence on, a restart replays what was committed: the crash tests rely on it.
 * Everything it runs talks only to 127.0.0.1.
 */
public final class RedisServer implements TestRedis {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final RedisBinary binary;
    private final boolean appendOnly;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final boolean detached;
    private int port;
    private Process process;

    private RedisServer(Builder builder) {
        this.binary = builder.binary != null ? builder.binary : RedisBinary.resolve();
        this.appendOnly = builder.appendOnly;
        this.port = builder.port;
        this.detached = builder.detached;
        try {
            this.ownsDataDir = builder.dataDir == null;
            this.dataDir = ownsDataDir ? Files.createTempDirectory("agentfleet-redis-") : Files.createDirectories(builder.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server and returns once it answers PING; the first start picks a free port unless one was set. */
    public synchronized RedisServer start() {
        if (isRunning()) {
            return this;
        }
        IllegalStateException lastFailure = null;
        // A free port can be taken between probing and binding; try a few before giving up.
        for (int attempt = 0; attempt < 3; attempt++) {
            int candidate = port != 0 ? port : FreePorts.find();
            try {
                launch(candidate);
                port = candidate;
                return this;
            } catch (IllegalStateException e) {
                lastFailure = e;
                if (port != 0) {
                    break;
                }
            }
        }
        throw lastFailure;
    }

    private void launch(int candidate) {
        List<String> command = new ArrayList<>(detached ? Detached.prefix() : List.of());
        command.addAll(List.of(binary.executable().toString(),
                "--port", String.valueOf(candidate),
                "--bind", "127.0.0.1",
                "--protected-mode", "no",
                "--daemonize", "no",
                "--dir", dataDir.toString(),
                "--save", "",
                "--appendonly", appendOnly ? "yes" : "no",
                "--appendfsync", "everysec",
                // Redis rewrites its command line, so the pid file is how ./fleet down finds a server a killed
                // launcher never recorded.
                "--pidfile", dataDir.resolve("redis-" + candidate + ".pid").toString(),
                "--logfile", ""));
        Path log = dataDir.resolve("redis-" + candidate + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary.executable(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " on port " + candidate
                        + ": " + tail(log));
            }
            if (ping(candidate)) {
                return;
            }
            sleep(Duration.ofMillis(20));
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + candidate + " within "
                + START_TIMEOUT.toSeconds() + " s: " + tail(log));
    }

    /** Stops the server gracefully (SIGTERM; with AOF on, Redis flushes it first). */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            awaitExit();
        }
    }

    /** Kills the server (SIGKILL) as a crash would: only what Redis had already written survives. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** Stops and starts again on the same port and data folder. */
    public synchronized RedisServer restart() {
        stop();
        return start();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    @Override
    public java.util.Map<String, String> clientConfig() {
        return java.util.Map.of("quarkus.redis.hosts", uri());
    }

    /** The URI the Quarkus Redis client takes in {@code quarkus.redis.hosts}. */
    public String uri() {
        return "redis://" + host() + ":" + port;
    }

    public RedisBinary binary() {
        return binary;
    }

    public boolean appendOnly() {
        return appendOnly;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Runs one command over a plain RESP connection and returns the raw reply, for assertions in tests. */
    @Override
    public String command(String... args) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("redis command " + args[0] + " failed on port " + port, e);
        }
    }

    @Override
    public void close() {
        stop();
        if (ownsDataDir) {
            deleteQuietly(dataDir);
        }
    }

    private boolean ping(int candidate) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host(), candidate), 200);
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return readReply(socket.getInputStream()).equals("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads one RESP reply: simple strings, errors, integers and bulk strings as text; arrays joined by newlines. */
    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException("empty reply");
        }
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> {
                return "ERR:" + rest;
            }
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return "(nil)";
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(readReply(in));
                }
                return String.join("\n", items);
            }
            default -> throw new IOException("unexpected RESP reply: " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read(); // '\n'
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    /** Options for a {@link RedisServer}; defaults: free port, AOF off, temporary data folder, resolved binary. */
    public static final class Builder {
        private RedisBinary binary;
        private boolean appendOnly;
        private int port;
        private Path dataDir;
        private boolean detached;

        /** Runs the server in its own session so it outlives this JVM and its terminal ({@code ./fleet up}). */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        public Builder binary(RedisBinary binary) {
            this.binary = binary;
            return this;
        }

        /** Turns append-only persistence on, so a restart or a crash keeps what was committed. */
        public Builder appendOnly(boolean appendOnly) {
            this.appendOnly = appendOnly;
            return this;
        }

        /** A fixed port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A data folder to keep; by default a temporary one, deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public RedisServer build() {
            return new RedisServer(this);
        }

        public RedisServer start() {
            return build().start();
        }
    }
}
