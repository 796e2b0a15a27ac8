package dev.agentfleet.sdk.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.testing.senders.SenderIssuer;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** Sender verification refuses to start half-configured, and its subject patterns match what they say. */
class SenderSettingsTest {

    @Test
    void verifyingWithoutTheRequiredSettingsFailsNamingEachOne() {
        assertThatThrownBy(() -> new SenderVerifier(config(Map.of("agentfleet.sdk.senders.verify", "true")), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("agentfleet.sdk.senders.issuer")
                .hasMessageContaining("agentfleet.sdk.senders.audience")
                .hasMessageContaining("agentfleet.sdk.senders.subjects")
                .hasMessageContaining("jwks-url");
    }

    @Test
    void aPemKeyVerifiesTokensOfItsIssuer(@TempDir Path dir) throws Exception {
        try (SenderIssuer issuer = SenderIssuer.start()) {
            Path pem = issuer.writePublicKey(dir.resolve("issuer.pem"));
            Map<String, String> settings = new HashMap<>(Map.of(
                    "agentfleet.sdk.senders.verify", "true",
                    "agentfleet.sdk.senders.issuer", SenderIssuer.ISSUER,
                    "agentfleet.sdk.senders.audience", SenderIssuer.AUDIENCE,
                    "agentfleet.sdk.senders.public-key", pem.toString(),
                    "agentfleet.sdk.senders.subjects", "system:serviceaccount:agentfleet:workflow-coordinator"));
            SenderVerifier verifier = new SenderVerifier(config(settings), null);
            assertThat(verifier.check("Bearer " + issuer.token("system:serviceaccount:agentfleet:workflow-coordinator")))
                    .isEqualTo("system:serviceaccount:agentfleet:workflow-coordinator");
            assertThatThrownBy(() -> verifier.check("Bearer " + issuer.forgedToken("system:serviceaccount:agentfleet:workflow-coordinator")))
                    .hasMessageContaining("signature");
            Files.writeString(pem, "not a key");
            settings.put("agentfleet.sdk.senders.public-key", pem.toString());
            assertThatThrownBy(() -> new SenderVerifier(config(settings), null)).hasMessageContaining("public-key");
        }
    }

    @Test
    void aTokenVerifiedOnceHasItsSubjectCheckedOnEveryCall(@TempDir Path dir) throws Exception {
        try (SenderIssuer issuer = SenderIssuer.start()) {
            SenderVerifier verifier = new SenderVerifier(config(Map.of(
                    "agentfleet.sdk.senders.verify", "true",
                    "agentfleet.sdk.senders.issuer", SenderIssuer.ISSUER,
                    "agentfleet.sdk.senders.audience", SenderIssuer.AUDIENCE,
                    "agentfleet.sdk.senders.public-key", issuer.writePublicKey(dir.resolve("issuer.pem")).toString(),
                    "agentfleet.sdk.senders.subjects", "system:serviceaccount:agentfleet:workflow-coordinator")), null);
            String allowed = "Bearer " + issuer.token("system:serviceaccount:agentfleet:workflow-coordinator");
            String other = "Bearer " + issuer.token("system:serviceaccount:agentfleet:weather");
            for (int call = 0; call < 3; call++) {
                assertThat(verifier.check(allowed)).isEqualTo("system:serviceaccount:agentfleet:workflow-coordinator");
                assertThatThrownBy(() -> verifier.check(other)).as("a valid token of a subject not allowed, again")
                        .hasMessageContaining("may not call this endpoint");
                assertThatThrownBy(() -> verifier.check("Bearer " + issuer.forgedToken("system:serviceaccount:agentfleet:workflow-coordinator")))
                        .as("the same claims with another signature are verified, not remembered").hasMessageContaining("signature");
            }
        }
    }

    @Test
    void subjectPatterns() {
        SubjectPattern triggers = SubjectPattern.of("system:serviceaccount:agentfleet:*-oidc-eventing.knative.dev-trigger");
        assertThat(triggers.matches("system:serviceaccount:agentfleet:weather-oidc-eventing.knative.dev-trigger")).isTrue();
        assertThat(triggers.matches("system:serviceaccount:agentfleet:-oidc-eventing.knative.dev-trigger")).isTrue();
        assertThat(triggers.matches("system:serviceaccount:other:weather-oidc-eventing.knative.dev-trigger")).isFalse();
        assertThat(triggers.matches("system:serviceaccount:agentfleet:weather")).isFalse();
        assertThat(triggers.matches(null)).isFalse();
        SubjectPattern exact = SubjectPattern.of("system:serviceaccount:agentfleet:workflow-coordinator");
        assertThat(exact.matches("system:serviceaccount:agentfleet:workflow-coordinator")).isTrue();
        assertThat(exact.matches("system:serviceaccount:agentfleet:workflow-coordinator2")).isFalse();
        SubjectPattern middle = SubjectPattern.of("a*b*c");
        assertThat(middle.matches("abc")).isTrue();
        assertThat(middle.matches("a-b-c")).isTrue();
        assertThat(middle.matches("ac")).isFalse();
        assertThat(middle.matches("abcb")).isFalse();
        assertThatThrownBy(() -> SubjectPattern.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static AgentSdkConfig config(Map<String, String> settings) {
        return new SmallRyeConfigBuilder().withMapping(AgentSdkConfig.class)
                .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 500)).build()
                .getConfigMapping(AgentSdkConfig.class);
    }
}
