package dev.agentfleet.testing.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code redis-cli} against one node of a {@link RedisCluster}, as its administrator (an ACL user of its own) and over
 * TLS when the cluster has it: how the tests create, inspect and fault the cluster, through the same tool an operator
 * would use.
 */
final class RedisCli {

    private final Path executable;
    private final String user;
    private final String password;
    private final Path authority;

    /** {@code authority}: the CA to trust, or null without TLS. */
    RedisCli(Path executable, String user, String password, Path authority) {
        this.executable = executable;
        this.user = user;
        this.password = password;
        this.authority = authority;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** The trimmed output; throws when the command reports an error. */
    String run(int port, String... args) {
        String out = exec(port, args);
        if (out.startsWith("ERR") || out.contains("[ERR]") || out.startsWith("(error)")) {
            throw new IllegalStateException("redis-cli " + String.join(" ", args) + " on " + port + ": " + out);
        }
        return out;
    }

    /** The trimmed output, or "" when the node cannot be asked (down, starting): for polling. */
    String poll(int port, String... args) {
        try {
            return exec(port, args);
        } catch (RuntimeException e) {
            return "";
        }
    }

    private String exec(int port, String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-h", "127.0.0.1", "-p", String.valueOf(port),
                "--no-auth-warning", "--user", user, "--pass", password));
        if (authority != null) {
            command.addAll(List.of("--tls", "--cacert", authority.toString()));
        }
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " did not finish");
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
