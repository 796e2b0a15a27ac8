package dev.agentfleet.localfleet.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * Development bearer tokens for the coordinator's API, signed with the development key pair
 * ({@code dev-jwt/private.pem} here; the coordinator's dev and test profiles, and the local fleet, verify with the
 * public half). Never valid in production, where the coordinator is given its issuer's public key.
 */
public final class DevTokens {

    public static final String ISSUER = "agentfleet";
    /** The coordinator's default {@code mp.jwt.verify.audiences}. */
    public static final String AUDIENCE = "agentfleet";
    public static final Set<String> ALL_ROLES = Set.of("workflow-submit", "workflow-read", "workflow-signal", "workflow-admin");

    private DevTokens() {
    }

    /** A token for {@code subject} with the given roles (the {@code groups} claim), valid for an hour. */
    public static String token(String subject, String... roles) {
        return token(subject, Duration.ofHours(1), roles);
    }

    /** A token for {@code subject} with the given roles, valid for {@code lifetime}. */
    public static String token(String subject, Duration lifetime, String... roles) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).groups(Set.of(roles)).expiresIn(lifetime)
                .sign(privateKey());
    }

    /** A token with a chosen audience and issue time, valid until {@code expires}: for tests of what is refused. */
    public static String token(String subject, String audience, java.time.Instant issuedAt, java.time.Instant expires,
            String... roles) {
        return Jwt.issuer(ISSUER).audience(audience).subject(subject).upn(subject).groups(Set.of(roles))
                .issuedAt(issuedAt).expiresAt(expires).sign(privateKey());
    }

    /** The public key's PEM text, for a coordinator started by the local fleet. */
    public static String publicKeyPem() {
        return resource("dev-jwt/public.pem");
    }

    private static PrivateKey privateKey() {
        String pem = resource("dev-jwt/private.pem").replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the development private key cannot be read", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = DevTokens.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
