package dev.agentfleet.manifests;

import static dev.agentfleet.manifests.Manifests.describe;
import static dev.agentfleet.manifests.Manifests.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * Sender identity (ADR 0007), as the region overlays deploy it, agrees with itself and with terraform/: every
 * destination Knative Eventing delivers to names the audience the receivers verify; every Trigger's and PingSource's
 * OIDC ServiceAccount (named as Eventing names it) and the coordinator are allowed subjects, and nothing else is; every
 * function and the coordinator read the settings and the issuer Terraform writes; the coordinator's projected tokens
 * are for the audiences it sends them to; Terraform turns authentication-oidc on.
 */
class SenderIdentityAgreementTest {

    private static final String SETTINGS = "agentfleet-senders-config";
    private static final String ISSUER = "agentfleet-senders-issuer";
    private static final String NAMESPACE = "agentfleet";

    static List<String> regions() {
        return Repository.overlays().stream().filter(o -> !o.equals("dev")).toList();
    }

    @ParameterizedTest
    @MethodSource("regions")
    void everyReceiverVerifiesAndEverySenderIsAllowedForItsAudience(String overlay) {
        List<HasMetadata> objects = OverlaysTest.render(overlay);
        Map<String, String> settings = ofType(objects, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(SETTINGS))
                .findFirst().orElseThrow(() -> new AssertionError(overlay + " has no ConfigMap " + SETTINGS)).getData();
        assertThat(settings).containsEntry("AGENTFLEET_SDK_SENDERS_VERIFY", "true");
        String audience = settings.get("AGENTFLEET_SDK_SENDERS_AUDIENCE");
        assertThat(audience).isNotBlank();
        List<Pattern> allowed = Arrays.stream(settings.get("AGENTFLEET_SDK_SENDERS_SUBJECTS").split(",")).map(String::strip)
                .map(SenderIdentityAgreementTest::glob).toList();

        List<Service> receivers = ofType(objects, Service.class).stream().filter(s -> List.of("function", "coordinator")
                .contains(s.getMetadata().getLabels().get("app.kubernetes.io/component"))).toList();
        assertThat(receivers).hasSizeGreaterThan(5);
        for (Service s : receivers) {
            List<String> envFrom = container(s).getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
                    .map(e -> e.getConfigMapRef().getName()).toList();
            assertThat(envFrom).as(describe(s)).contains(SETTINGS, ISSUER);
            assertThat(container(s).getEnvFrom()).as(describe(s) + ": without the issuer the pod must not start")
                    .noneMatch(e -> e.getConfigMapRef() != null && Boolean.TRUE.equals(e.getConfigMapRef().getOptional()));
        }

        List<Trigger> triggers = ofType(objects, Trigger.class);
        assertThat(triggers).hasSizeGreaterThan(5);
        for (Trigger t : triggers) {
            assertThat(t.getSpec().getSubscriber().getAudience()).as(describe(t) + " subscriber").isEqualTo(audience);
            assertThat(t.getSpec().getDelivery().getDeadLetterSink().getAudience()).as(describe(t) + " dead letters").isEqualTo(audience);
            assertAllowed(allowed, oidcSubject(t.getMetadata().getName(), "eventing.knative.dev", "trigger"), describe(t));
        }
        for (Broker b : ofType(objects, Broker.class)) {
            assertThat(b.getSpec().getDelivery().getDeadLetterSink().getAudience()).as(describe(b)).isEqualTo(audience);
        }
        for (PingSource p : ofType(objects, PingSource.class)) {
            assertThat(p.getSpec().getSink().getAudience()).as(describe(p)).isEqualTo(audience);
            assertAllowed(allowed, oidcSubject(p.getMetadata().getName(), "sources.knative.dev", "pingsource"), describe(p));
        }

        Service coordinator = receivers.stream().filter(s -> s.getMetadata().getName().equals("workflow-coordinator")).findFirst().orElseThrow();
        assertAllowed(allowed, "system:serviceaccount:" + NAMESPACE + ":" + coordinator.getSpec().getTemplate().getSpec().getServiceAccountName(),
                "the coordinator");
        Map<String, String> tokenAudiences = projectedTokens(coordinator);
        assertThat(tokenAudiences.get(env(coordinator, "AGENTFLEET_COORDINATOR_SENDER_TOKENS_FUNCTIONS")))
                .as("the coordinator's token for the functions").isEqualTo(audience);
        assertThat(tokenAudiences.get(env(coordinator, "AGENTFLEET_COORDINATOR_SENDER_TOKENS_SINK")))
                .as("the coordinator's token for the Broker").isEqualTo("eventing.knative.dev/broker/" + NAMESPACE + "/default");

        assertAllowed(allowed, "system:serviceaccount:" + NAMESPACE + ":workflow-coordinator", "the coordinator");
        for (String stranger : List.of("system:serviceaccount:" + NAMESPACE + ":weather", "system:serviceaccount:" + NAMESPACE + ":default",
                "system:serviceaccount:other:x-oidc-eventing.knative.dev-trigger", "system:anonymous")) {
            assertThat(allowed).as(stranger + " must not be allowed").noneMatch(p -> p.matcher(stranger).matches());
        }
        assertThat(objects).as("an EventPolicy guards the Broker").anyMatch(o -> o.getKind().equals("EventPolicy"));
    }

    @Test
    void devRunsWithoutSenderVerification() {
        List<HasMetadata> dev = OverlaysTest.render("dev");
        assertThat(ofType(dev, ConfigMap.class)).noneMatch(c -> c.getMetadata().getName().equals(SETTINGS));
    }

    @Test
    void terraformTurnsOidcOnAndWritesTheClustersIssuer() throws IOException {
        String knative = Files.readString(Repository.ROOT.resolve("terraform/modules/knative-serving/main.tf"));
        assertThat(knative).containsPattern("\"authentication-oidc\"\\s*=\\s*\"enabled\"");
        String stage2 = Files.readString(Repository.ROOT.resolve("terraform/envs/prod/knative/main.tf"));
        Matcher configMap = Pattern.compile("resource \"kubernetes_config_map_v1\" \"senders_issuer\" \\{(.*?)\\n}\\n", Pattern.DOTALL)
                .matcher(stage2);
        assertThat(configMap.find()).as("stage 2 writes the issuer ConfigMap").isTrue();
        assertThat(configMap.group(1)).contains("name      = \"" + ISSUER + "\"")
                .contains("AGENTFLEET_SDK_SENDERS_ISSUER").contains("AGENTFLEET_SDK_SENDERS_JWKS_URL");
        assertThat(stage2).contains("https://container.googleapis.com/v1/projects/${var.project_id}/locations/${var.cluster_location}/clusters/${var.cluster_name}");
    }

    /** How Knative Eventing names a resource's OIDC ServiceAccount: {@code <name>-oidc-<group>-<kind>}. */
    private static String oidcSubject(String name, String group, String kind) {
        return "system:serviceaccount:" + NAMESPACE + ":" + name + "-oidc-" + group + "-" + kind;
    }

    private static void assertAllowed(List<Pattern> allowed, String subject, String who) {
        assertThat(allowed).as(who + " (" + subject + ") is an allowed sender").anyMatch(p -> p.matcher(subject).matches());
    }

    /** agent-sdk's subject patterns: {@code *} is any run of characters, nothing else is special. */
    private static Pattern glob(String pattern) {
        return Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    private static Container container(Service s) {
        return s.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static String env(Service s, String name) {
        return container(s).getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(describe(s) + " has no " + name));
    }

    /** Mounted file path of each projected ServiceAccount token -> its audience. */
    private static Map<String, String> projectedTokens(Service s) {
        Map<String, String> byPath = new java.util.HashMap<>();
        for (Volume v : s.getSpec().getTemplate().getSpec().getVolumes()) {
            if (v.getProjected() == null) {
                continue;
            }
            String mount = container(s).getVolumeMounts().stream().filter(m -> m.getName().equals(v.getName())).findFirst()
                    .orElseThrow().getMountPath();
            v.getProjected().getSources().stream().filter(p -> p.getServiceAccountToken() != null)
                    .forEach(p -> byPath.put(mount + "/" + p.getServiceAccountToken().getPath(), p.getServiceAccountToken().getAudience()));
        }
        return byPath;
    }
}
