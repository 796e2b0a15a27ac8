package dev.agentfleet.localfleet.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import io.smallrye.jwt.build.Jwt;

/**
 * Sender identity for the local fleet, so the verifying path the regions run (ADR 0007) runs on a laptop too: every
 * {@code ./fleet up} makes a key pair of its own, writes the public half ({@code senders/public.pem}) and two tokens
 * signed with the private half, which is never written anywhere: the coordinator's (it calls the functions with it, as
 * its projected ServiceAccount token in a cluster) and the fleet's own (for what calls a function directly:
 * {@code ./fleet}, the end-to-end and fuzz suites). Every function and the coordinator verify with exactly the
 * settings a region gives them, the issuer, audience and allowed subjects below; only the maximum token age is a
 * month, since nothing refreshes these files the way the kubelet refreshes projected tokens.
 */
public final class FleetSenders {

    public static final String ISSUER = "https://agentfleet.local/fleet";
    public static final String AUDIENCE = "agentfleet";
    public static final String COORDINATOR = "system:serviceaccount:agentfleet:workflow-coordinator";
    public static final String FLEET = "system:serviceaccount:agentfleet:fleet";
    private static final Duration LIFETIME = Duration.ofDays(30);

    private final Path dir;

    private FleetSenders(Path dir) {
        this.dir = dir;
    }

    /** A new key pair and tokens in {@code dir} (replacing an earlier fleet's). */
    public static FleetSenders create(Path dir) {
        try {
            Files.createDirectories(dir);
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            KeyPair keys = rsa.generateKeyPair();
            Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            FleetSenders senders = new FleetSenders(dir);
            Files.writeString(senders.coordinatorToken(), token(COORDINATOR, keys.getPrivate()));
            Files.writeString(senders.fleetToken(), token(FLEET, keys.getPrivate()));
            return senders;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the fleet's sender key", e);
        }
    }

    /** The {@code Authorization} header for a direct call to a function of the fleet whose state is in {@code stateDir}. */
    public static String authorization(Path stateDir) {
        try {
            return "Bearer " + Files.readString(new FleetSenders(stateDir.resolve("senders")).fleetToken()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no sender token in " + stateDir + ": is the fleet up?", e);
        }
    }

    /** What every function and the coordinator are started with: verify every caller's token as a region does. */
    public List<String> verifierOptions() {
        return List.of("-Dagentfleet.sdk.senders.verify=true",
                "-Dagentfleet.sdk.senders.issuer=" + ISSUER,
                "-Dagentfleet.sdk.senders.audience=" + AUDIENCE,
                "-Dagentfleet.sdk.senders.public-key=" + dir.resolve("public.pem").toAbsolutePath(),
                "-Dagentfleet.sdk.senders.subjects=" + COORDINATOR + "," + FLEET,
                "-Dagentfleet.sdk.senders.max-age=" + (LIFETIME.toHours() + 24) + "h");
    }

    /** The coordinator's token file, which it sends to the functions. */
    public Path coordinatorToken() {
        return dir.resolve("coordinator.token");
    }

    /** The fleet's own token file. */
    public Path fleetToken() {
        return dir.resolve("fleet.token");
    }

    private static String token(String subject, PrivateKey key) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).expiresIn(LIFETIME).jws().algorithm(
                io.smallrye.jwt.algorithm.SignatureAlgorithm.RS256).sign(key);
    }
}
