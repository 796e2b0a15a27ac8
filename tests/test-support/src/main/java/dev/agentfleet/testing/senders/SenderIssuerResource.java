package dev.agentfleet.testing.senders;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link SenderIssuer} for a {@code @QuarkusTest} / {@code @QuarkusIntegrationTest} and turns sender
 * verification on against its JWKS, allowing the subjects {@link #TRIGGER} (by pattern, as the Knative manifests
 * allow every Trigger of the namespace) and {@link #COORDINATOR}. A field marked {@link InjectSenderIssuer} receives it.
 *
 * <p>Init arg {@code token-files}: comma-separated config keys, each set to a file holding a token of
 * {@link #COORDINATOR} (how the coordinator is given its projected ServiceAccount tokens).
 */
public class SenderIssuerResource implements QuarkusTestResourceLifecycleManager {

    /** A Knative Trigger's OIDC identity, as Eventing names it. */
    public static final String TRIGGER = "system:serviceaccount:agentfleet:weather-forecast-oidc-eventing.knative.dev-trigger";
    public static final String COORDINATOR = "system:serviceaccount:agentfleet:workflow-coordinator";
    /** Valid token, not allowed: any other workload of the cluster. */
    public static final String STRANGER = "system:serviceaccount:agentfleet:some-pod";

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectSenderIssuer {
    }

    private SenderIssuer issuer;
    private java.util.List<String> tokenFiles = java.util.List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        String files = initArgs.getOrDefault("token-files", "");
        tokenFiles = java.util.Arrays.stream(files.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Map<String, String> start() {
        issuer = SenderIssuer.start();
        Map<String, String> config = new java.util.HashMap<>(settings());
        for (String key : tokenFiles) {
            try {
                java.nio.file.Path file = java.nio.file.Files.createTempFile("sender-token-", ".jwt");
                file.toFile().deleteOnExit();
                java.nio.file.Files.writeString(file, issuer.token(COORDINATOR));
                config.put(key, file.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return config;
    }

    private Map<String, String> settings() {
        return Map.of(
                "agentfleet.sdk.senders.verify", "true",
                "agentfleet.sdk.senders.issuer", SenderIssuer.ISSUER,
                "agentfleet.sdk.senders.audience", SenderIssuer.AUDIENCE,
                "agentfleet.sdk.senders.jwks-url", issuer.jwksUrl(),
                "agentfleet.sdk.senders.subjects",
                "system:serviceaccount:agentfleet:*-oidc-eventing.knative.dev-trigger," + COORDINATOR);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(issuer, new TestInjector.AnnotatedAndMatchesType(InjectSenderIssuer.class, SenderIssuer.class));
    }

    @Override
    public void stop() {
        if (issuer != null) {
            issuer.close();
        }
    }
}
