package dev.agentfleet.coordinator.api;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agentfleet.sdk.token.VerifiedTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * API bearer tokens verified a moment ago answer without being verified again ({@link VerifiedTokens}: at most 30 s,
 * never past the token's expiry or {@code mp.jwt.verify.token.age}). A client sends the same token with every
 * request; parsing it and checking its RSA signature was about a tenth of the coordinator's CPU under the workflow
 * benchmark's 16 clients (JFR, docs/benchmarks.md).
 *
 * <p>Quarkus asks identity providers in priority order and goes on to the next when one answers nothing: this one
 * answers only for a token it holds, with the identity smallrye-jwt's validator builds (the token as principal and
 * credential, its groups as roles, this request's routing context); any other token goes to that validator, and the
 * {@link Remember augmentor} keeps what it accepted. Counted in {@code agentfleet_api_token_checks_total{check=full|remembered}}.
 */
@ApplicationScoped
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    /** Marks an identity answered from here, which the augmentor need not remember again. */
    private static final String REMEMBERED = "agentfleet.token-remembered";

    private final VerifiedTokens<JsonWebToken> tokens = new VerifiedTokens<>();
    private final Optional<Long> maxAgeSeconds;
    private final Counter full;
    private final Counter remembered;

    RememberedTokens(@ConfigProperty(name = "mp.jwt.verify.token.age") Optional<Long> maxAgeSeconds, MeterRegistry registry) {
        this.maxAgeSeconds = maxAgeSeconds;
        this.full = registry.counter("agentfleet.api.token.checks", "check", "full");
        this.remembered = registry.counter("agentfleet.api.token.checks", "check", "remembered");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1; // before smallrye-jwt's validator, which keeps the default
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        JsonWebToken jwt = tokens.get(request.getToken().getToken());
        if (jwt == null) {
            return Uni.createFrom().nullItem();
        }
        remembered.increment();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder().setPrincipal(jwt).addCredential(request.getToken())
                .addRoles(jwt.getGroups()).addAttribute("quarkus.user", jwt).addAttribute(REMEMBERED, Boolean.TRUE);
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc != null) {
            identity.addAttribute(RoutingContext.class.getName(), rc);
        }
        return Uni.createFrom().item(identity.build());
    }

    /** A token smallrye-jwt's validator accepted. */
    void remember(JsonWebToken jwt) {
        full.increment();
        tokens.put(jwt.getRawToken(), jwt, validUntil(jwt));
    }

    /** Until when a verified token may be answered from here: its expiry, or sooner its issue time plus the maximum age. */
    private Instant validUntil(JsonWebToken jwt) {
        Instant expires = Instant.ofEpochSecond(jwt.getExpirationTime());
        return maxAgeSeconds.map(age -> Instant.ofEpochSecond(jwt.getIssuedAtTime()).plusSeconds(age))
                .filter(tooOld -> tooOld.isBefore(expires)).orElse(expires);
    }

    /** Keeps each token smallrye-jwt's validator accepted. */
    @ApplicationScoped
    static class Remember implements SecurityIdentityAugmentor {

        private final RememberedTokens remembered;

        Remember(RememberedTokens remembered) {
            this.remembered = remembered;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            if (identity.getPrincipal() instanceof JsonWebToken jwt && identity.getAttribute(REMEMBERED) == null
                    && identity.getCredential(TokenCredential.class) != null && jwt.getRawToken() != null) {
                remembered.remember(jwt);
            }
            return Uni.createFrom().item(identity);
        }
    }
}
