package dev.agentfleet.testing.senders;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a cluster's ServiceAccount token issuer, for tests of sender identity: an RSA key published as a
 * JWKS document over real HTTP on loopback ({@link #jwksUrl()}) or as a PEM file ({@link #writePublicKey(Path)}),
 * and tokens signed with it, valid or broken in one chosen way each.
 */
public final class SenderIssuer implements AutoCloseable {

    public static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    public static final String AUDIENCE = "agentfleet";

    private final RsaJsonWebKey key;
    private final RsaJsonWebKey stranger;
    private final HttpServer server;

    private SenderIssuer(RsaJsonWebKey key, RsaJsonWebKey stranger, HttpServer server) {
        this.key = key;
        this.stranger = stranger;
        this.server = server;
    }

    /** Generates the keys and serves the JWKS at {@code http://127.0.0.1:<port>/openid/v1/jwks}. */
    public static SenderIssuer start() {
        try {
            RsaJsonWebKey key = generate("issuer-key-1");
            RsaJsonWebKey stranger = generate("issuer-key-1");
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SenderIssuer issuer = new SenderIssuer(key, stranger, server);
            server.createContext("/openid/v1/jwks", exchange -> {
                byte[] body = new JsonWebKeySet(key).toJson().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return issuer;
        } catch (IOException | JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey generate(String kid) throws JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        return key;
    }

    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/openid/v1/jwks";
    }

    /** Writes the public key as PEM ("PUBLIC KEY") to {@code file}. */
    public Path writePublicKey(Path file) throws IOException {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        return Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    /** A valid token of {@code subject}: this issuer, audience {@link #AUDIENCE}, issued now, valid for an hour. */
    public String token(String subject) {
        return sign(key, claims(subject, AUDIENCE, ISSUER, Duration.ZERO, Duration.ofHours(1)));
    }

    /** A token for another audience. */
    public String tokenFor(String subject, String audience) {
        return sign(key, claims(subject, audience, ISSUER, Duration.ZERO, Duration.ofHours(1)));
    }

    /** A token from another issuer, signed with this issuer's key. */
    public String tokenFromIssuer(String subject, String issuer) {
        return sign(key, claims(subject, AUDIENCE, issuer, Duration.ZERO, Duration.ofHours(1)));
    }

    /** A token issued {@code age} ago and valid for {@code lifetime} from then (expired when lifetime is below age). */
    public String tokenAged(String subject, Duration age, Duration lifetime) {
        return sign(key, claims(subject, AUDIENCE, ISSUER, age, lifetime));
    }

    /** A token signed by another key under the same key id: its signature does not verify. */
    public String forgedToken(String subject) {
        return sign(stranger, claims(subject, AUDIENCE, ISSUER, Duration.ZERO, Duration.ofHours(1)));
    }

    /** A token signed by a key whose id the issuer never published. */
    public String tokenOfUnknownKey(String subject) {
        try {
            return sign(generate("rotated-key-2"), claims(subject, AUDIENCE, ISSUER, Duration.ZERO, Duration.ofHours(1)));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}). */
    public String unsignedToken(String subject) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(subject, AUDIENCE, ISSUER, Duration.ZERO, Duration.ofHours(1)).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JwtClaims claims(String subject, String audience, String issuer, Duration age, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(List.of(audience));
        claims.setSubject(subject);
        long now = System.currentTimeMillis() / 1000;
        claims.setIssuedAt(NumericDate.fromSeconds(now - age.toSeconds()));
        claims.setExpirationTime(NumericDate.fromSeconds(now - age.toSeconds() + lifetime.toSeconds()));
        return claims;
    }

    private static String sign(RsaJsonWebKey key, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
