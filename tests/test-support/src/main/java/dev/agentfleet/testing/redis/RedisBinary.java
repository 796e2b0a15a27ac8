package dev.agentfleet.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which {@code redis-server} executable to run.
 *
 * <p>The choice, in order: the {@code agentfleet.redis.binary} system property or the
 * {@code AGENTFLEET_REDIS_BINARY} environment variable ({@code system}, {@code embedded} or a path);
 * otherwise {@code redis-server} on the PATH; otherwise the Linux/macOS binary shipped inside
 * {@code com.github.codemonstur:embedded-redis} (Redis 6.2), extracted once to a cache folder.
 */
public record RedisBinary(Path executable, Source source) {

    /** Where the executable came from, shown in logs and by {@code ./fleet status}. */
    public enum Source { SYSTEM, EMBEDDED, EXPLICIT }

    public static final String PROPERTY = "agentfleet.redis.binary";
    public static final String ENV = "AGENTFLEET_REDIS_BINARY";

    /** Resolves the binary following the order in the class comment. */
    public static RedisBinary resolve() {
        String choice = Optional.ofNullable(System.getProperty(PROPERTY)).orElse(System.getenv(ENV));
        if (choice == null || choice.isBlank()) {
            return onPath().orElseGet(RedisBinary::embedded);
        }
        return switch (choice.trim()) {
            case "system" -> onPath().orElseThrow(() -> new IllegalStateException(
                    PROPERTY + "=system but no redis-server is on the PATH"));
            case "embedded" -> embedded();
            default -> {
                Path path = Path.of(choice.trim());
                if (!Files.isExecutable(path)) {
                    throw new IllegalStateException(PROPERTY + " names " + path + ", which is not an executable file");
                }
                yield new RedisBinary(path, Source.EXPLICIT);
            }
        };
    }

    /** {@code redis-server} from the PATH, if there is one. */
    public static Optional<RedisBinary> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new RedisBinary(candidate, Source.SYSTEM));
            }
        }
        return Optional.empty();
    }

    /** The binary inside the embedded-redis jar for this OS and CPU, extracted to a cache folder. */
    public static RedisBinary embedded() {
        String resource = embeddedResourceName();
        Path cacheDir = Path.of(System.getProperty("java.io.tmpdir"), "agentfleet-redis-" + System.getProperty("user.name"));
        Path target = cacheDir.resolve(resource);
        try {
            if (!Files.isExecutable(target)) {
                Files.createDirectories(cacheDir);
                try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("embedded-redis jar is not on the classpath (looked for " + resource + ")");
                    }
                    // Copy then move so a concurrent extraction never sees a half-written executable.
                    Path partial = Files.createTempFile(cacheDir, resource, ".part");
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    partial.toFile().setExecutable(true, false);
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedded redis-server to " + target, e);
        }
        return new RedisBinary(target, Source.EMBEDDED);
    }

    private static String embeddedResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm");
        if (os.contains("linux")) {
            return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        throw new IllegalStateException("no embedded redis-server for " + os + "/" + arch + "; install redis-server");
    }

    /** The server's version as {@code redis-server --version} prints it, e.g. {@code 7.0.15}. */
    public String version() {
        try {
            Process p = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.SECONDS);
            int at = out.indexOf("v=");
            return at < 0 ? out.trim() : out.substring(at + 2).split("\\s")[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
