package dev.agentfleet.sdk.sender;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.jboss.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;

import io.vertx.core.Vertx;

/**
 * The issuer's signing keys, held in memory so that verifying a token never waits on the network: a PEM file read
 * once, or a JWKS document fetched at start and again every refresh interval on a worker thread. A token signed by a
 * key not yet known asks for an early fetch ({@link #refreshSoon()}), at most every {@link #MIN_REFRESH}, which is
 * how a rotation of the issuer's keys is followed.
 */
final class SenderKeys {

    private static final Logger LOG = Logger.getLogger(SenderKeys.class);
    static final Duration MIN_REFRESH = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(10);
    private static final int FETCH_TIMEOUT_MS = 5_000;

    private final URI jwksUrl;
    private final Duration refresh;
    private final Vertx vertx;
    private volatile VerificationKeyResolver resolver;
    private volatile long lastFetchNanos = System.nanoTime() - MIN_REFRESH.toNanos();
    private volatile boolean fetching;

    private SenderKeys(URI jwksUrl, Duration refresh, Vertx vertx, VerificationKeyResolver fixed) {
        this.jwksUrl = jwksUrl;
        this.refresh = refresh;
        this.vertx = vertx;
        this.resolver = fixed;
    }

    /** A fixed public key from a PEM file (RSA or EC, "PUBLIC KEY" block). */
    static SenderKeys fromPem(Path file) {
        PublicKey key;
        try {
            key = parsePem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("agentfleet.sdk.senders.public-key: cannot read " + file + ": " + e.getMessage(), e);
        }
        VerificationKeyResolver fixed = (jws, nested) -> key;
        return new SenderKeys(null, null, null, fixed);
    }

    /** Keys from a JWKS URL, fetched now (a failure is logged and retried every 10 s) and every {@code refresh}. */
    static SenderKeys fromJwks(URI url, Duration refresh, Vertx vertx) {
        SenderKeys keys = new SenderKeys(url, refresh, vertx, null);
        keys.fetch();
        keys.schedule(keys.resolver == null ? RETRY : refresh);
        return keys;
    }

    /** The resolver, or null while no key set has been fetched yet. */
    VerificationKeyResolver resolver() {
        return resolver;
    }

    /** Fetches the key set again soon, unless it was fetched within {@link #MIN_REFRESH}. */
    void refreshSoon() {
        if (jwksUrl == null || fetching || System.nanoTime() - lastFetchNanos < MIN_REFRESH.toNanos()) {
            return;
        }
        fetching = true;
        vertx.executeBlocking(() -> {
            fetch();
            return null;
        }, false);
    }

    private void schedule(Duration delay) {
        vertx.setTimer(Math.max(1, delay.toMillis()), id -> vertx.executeBlocking(() -> {
            fetch();
            return null;
        }, false).onComplete(done -> schedule(resolver == null ? RETRY : refresh)));
    }

    private synchronized void fetch() {
        fetching = true;
        try {
            HttpsJwks jwks = new HttpsJwks(jwksUrl.toString());
            Get get = new Get();
            get.setConnectTimeout(FETCH_TIMEOUT_MS);
            get.setReadTimeout(FETCH_TIMEOUT_MS);
            jwks.setSimpleHttpGet(get);
            List<JsonWebKey> fetched = jwks.getJsonWebKeys();
            if (fetched.isEmpty()) {
                throw new IllegalStateException("the key set is empty");
            }
            resolver = new JwksVerificationKeyResolver(fetched);
            LOG.debugf("Sender keys: %d key(s) from %s", fetched.size(), jwksUrl);
        } catch (Exception e) {
            LOG.warnf("Sender keys: cannot fetch %s (%s); %s", jwksUrl, e.getMessage(),
                    resolver == null ? "calls are answered 503 until it can" : "the keys fetched before stay in use");
        } finally {
            lastFetchNanos = System.nanoTime();
            fetching = false;
        }
    }

    static PublicKey parsePem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("agentfleet.sdk.senders.public-key: not a PEM public key", e);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                // try the next algorithm
            }
        }
        throw new IllegalStateException("agentfleet.sdk.senders.public-key: neither an RSA nor an EC public key");
    }
}
