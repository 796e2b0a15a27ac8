package dev.agentfleet.sdk.sender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.jboss.logging.Logger;

/**
 * The sender token this process presents on its own calls: a file that the platform keeps fresh (a Kubernetes
 * projected ServiceAccount token, rotated by the kubelet well before it expires; {@code ./fleet} writes one for local
 * fleets). Read again when the copy held is older than {@link #REREAD}; a failed read keeps the last token and is
 * logged once per failure streak. The token itself is never logged.
 */
public final class SenderTokenFile {

    private static final Logger LOG = Logger.getLogger(SenderTokenFile.class);
    static final Duration REREAD = Duration.ofSeconds(60);

    private final Path file;
    private volatile String header;
    private volatile long readNanos;
    private volatile boolean failing;

    public SenderTokenFile(Path file) {
        this.file = file;
        this.readNanos = System.nanoTime() - 2 * REREAD.toNanos();
    }

    public Path file() {
        return file;
    }

    /** {@code Bearer <token>}, or null when the file has never been readable. */
    public String authorization() {
        if (System.nanoTime() - readNanos > REREAD.toNanos()) {
            read();
        }
        return header;
    }

    private synchronized void read() {
        if (System.nanoTime() - readNanos <= REREAD.toNanos()) {
            return;
        }
        readNanos = System.nanoTime();
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IOException("the file is empty");
            }
            header = "Bearer " + token;
            failing = false;
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                LOG.warnf("Sender token: cannot read %s (%s); %s", file, e.getMessage(),
                        header == null ? "calls go out without one" : "the token read before is sent");
            }
            failing = true;
        }
    }
}
