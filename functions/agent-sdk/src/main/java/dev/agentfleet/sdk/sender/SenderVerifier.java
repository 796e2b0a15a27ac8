package dev.agentfleet.sdk.sender;

import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Singleton;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.token.VerifiedTokens;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Checks the sender token of a call to a function or an event entry point ({@code Authorization: Bearer <jwt>}):
 * signature by the issuer's keys (RS256 or ES256 only), issuer, audience, expiry, age and an allowed subject. jose4j
 * does the JOSE work; what is ours is which claims are required and how each refusal is answered:
 * <ul>
 *   <li>401 ({@code urn:agentfleet:problem:unauthorized}, field {@code Authorization}): no token, or one that is not
 *       valid (signature, issuer, audience, expired, too old);</li>
 *   <li>403 ({@code forbidden}, field {@code sub}): a valid token of a subject that is not allowed;</li>
 *   <li>503 with Retry-After: the issuer's keys are not fetched yet, or the token is signed by a key not yet known
 *       (a fetch is started, so the sender's retry finds it).</li>
 * </ul>
 * A token that passed the full check is remembered for a moment ({@link VerifiedTokens}: at most 30 s, never past its
 * expiry or maximum age), so the sender's token on call after call is verified once; its subject is checked every time.
 * With {@code agentfleet.sdk.senders.verify=false} (the default, for local runs) every call passes.
 */
@Singleton
@Startup // created at start, so a process configured to verify but missing a setting fails then, not at its first call
public class SenderVerifier {

    private static final String BEARER = "Bearer ";
    private static final int MAX_TOKEN = 16 * 1024;

    private final boolean verify;
    private final SenderKeys keys;
    private final JwtConsumer consumer;
    private final List<SubjectPattern> subjects;
    private final Duration maxAge;
    private final VerifiedTokens<String> verified;

    SenderVerifier(AgentSdkConfig config, Vertx vertx) {
        AgentSdkConfig.Senders senders = config.senders();
        this.verify = senders.verify();
        if (!verify) {
            this.keys = null;
            this.consumer = null;
            this.subjects = List.of();
            this.maxAge = null;
            this.verified = null;
            return;
        }
        List<String> missing = new ArrayList<>();
        if (senders.issuer().isEmpty()) {
            missing.add("agentfleet.sdk.senders.issuer");
        }
        if (senders.audience().isEmpty()) {
            missing.add("agentfleet.sdk.senders.audience");
        }
        if (senders.subjects().map(List::isEmpty).orElse(true)) {
            missing.add("agentfleet.sdk.senders.subjects");
        }
        if (senders.jwksUrl().isEmpty() == senders.publicKey().isEmpty()) {
            missing.add("exactly one of agentfleet.sdk.senders.jwks-url and agentfleet.sdk.senders.public-key");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("agentfleet.sdk.senders.verify is on, but " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set");
        }
        this.subjects = senders.subjects().orElseThrow().stream().map(SubjectPattern::of).toList();
        this.maxAge = senders.maxAge();
        this.verified = new VerifiedTokens<>();
        this.keys = senders.publicKey().isPresent() ? SenderKeys.fromPem(senders.publicKey().get())
                : SenderKeys.fromJwks(senders.jwksUrl().get(), senders.keysRefresh(), vertx);
        VerificationKeyResolver current = this::resolve;
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setIssuedAtRestrictions(30, (int) Math.min(Integer.MAX_VALUE, senders.maxAge().toSeconds()))
                .setExpectedIssuer(senders.issuer().get())
                .setExpectedAudience(senders.audience().get())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(current)
                .build();
    }

    public boolean enabled() {
        return verify;
    }

    /** Returns the sender's subject (null when verification is off), or throws the refusal as a problem. */
    public String check(String authorization) {
        if (!verify) {
            return null;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw refused("This endpoint takes calls from authenticated senders only: send a sender token as Authorization: Bearer.");
        }
        String token = authorization.substring(BEARER.length()).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            throw refused("The sender token is empty or longer than " + MAX_TOKEN + " characters.");
        }
        String subject = verified.get(token);
        if (subject == null) {
            subject = verify(token);
        }
        for (SubjectPattern allowed : subjects) {
            if (allowed.matches(subject)) {
                return subject;
            }
        }
        throw new ProblemException(ProblemKind.FORBIDDEN, "The sender " + abbreviate(subject) + " may not call this endpoint.",
                List.of(new FieldError("sub", "is not an allowed sender")), null);
    }

    /** The full check of a token not verified a moment ago ({@link VerifiedTokens}); its subject. */
    private String verify(String token) {
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            if (causedBy(e, KeysNotLoaded.class)) {
                throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE,
                        "The issuer's signing keys are not loaded yet; retry shortly.", List.of(), null);
            }
            if (causedBy(e, UnresolvableKeyException.class) && !causedBy(e, AlgorithmRefused.class)) {
                keys.refreshSoon();
                throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE,
                        "The sender token is signed by a key this process does not know yet; its keys are being fetched again, retry shortly.",
                        List.of(), null);
            }
            throw refused("The sender token is not valid: " + reason(e) + ".");
        }
        String subject;
        Instant validUntil;
        try {
            subject = claims.getSubject();
            // both required above; the cache answers until the sooner of expiry and issue time plus the maximum age
            Instant expires = Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis());
            Instant tooOld = Instant.ofEpochMilli(claims.getIssuedAt().getValueInMillis()).plus(maxAge);
            validUntil = expires.isBefore(tooOld) ? expires : tooOld;
        } catch (MalformedClaimException e) {
            throw refused("The sender token's sub claim is not a string.");
        }
        verified.put(token, subject, validUntil);
        return subject;
    }

    private Key resolve(org.jose4j.jws.JsonWebSignature jws, List<org.jose4j.jwx.JsonWebStructure> nesting)
            throws UnresolvableKeyException {
        String algorithm = jws.getAlgorithmHeaderValue();
        if (!AlgorithmIdentifiers.RSA_USING_SHA256.equals(algorithm)
                && !AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256.equals(algorithm)) {
            throw new AlgorithmRefused();
        }
        VerificationKeyResolver resolver = keys.resolver();
        if (resolver == null) {
            throw new KeysNotLoaded();
        }
        return resolver.resolveKey(jws, nesting);
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(ProblemKind.UNAUTHORIZED, detail,
                List.of(new FieldError("Authorization", "must carry a valid sender token")), null);
    }

    /** Names what failed without echoing the token's claims. */
    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "it has expired";
        } else if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "it is not meant for this audience";
        } else if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return "it is not from the trusted issuer";
        } else if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return "its signature does not verify";
        } else if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST)) {
            return "it was issued too long ago";
        } else if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE) || e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)) {
            return "its issue time (iat) is missing or in the future";
        } else if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING) || e.hasErrorCode(ErrorCodes.SUBJECT_MISSING)) {
            return "it lacks a required claim (exp, iat, sub)";
        } else if (causedBy(e, org.jose4j.lang.InvalidAlgorithmException.class) || causedBy(e, AlgorithmRefused.class)) {
            return "its algorithm is not RS256 or ES256";
        }
        return "it is not a signed JWT this process can read";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String subject) {
        String clean = subject.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    /** A token signed with another algorithm than RS256 or ES256 ({@code none} included): refused before any key lookup. */
    static final class AlgorithmRefused extends UnresolvableKeyException {
        AlgorithmRefused() {
            super("algorithm not permitted");
        }
    }

    /** No key set fetched yet: the call is answered 503, not 401, so that its sender retries. */
    static final class KeysNotLoaded extends UnresolvableKeyException {
        KeysNotLoaded() {
            super("no keys loaded yet");
        }
    }
}
