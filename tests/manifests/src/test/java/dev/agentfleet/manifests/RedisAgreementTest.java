package dev.agentfleet.manifests;

import static dev.agentfleet.manifests.Manifests.describe;
import static dev.agentfleet.manifests.Manifests.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;

/**
 * The region overlays and terraform/ agree on Redis, so the two cannot drift: where Terraform provisions Memorystore
 * with IAM authentication and TLS, every workload that uses Redis runs the cluster client, trusts the CA from the
 * Secret Terraform writes (mounted where the setting points, under the key Terraform gives it), verifies hostnames and
 * authenticates with its Google token; the namespace is Terraform's, labelled as knative/base labels it. The dev
 * overlay keeps its single in-namespace Redis.
 */
class RedisAgreementTest {

    private static final TerraformRedis TERRAFORM = TerraformRedis.read();
    private static final String SETTINGS = "agentfleet-redis-config";

    static List<String> regions() {
        return Repository.overlays().stream().filter(o -> !o.equals("dev")).toList();
    }

    @Test
    void terraformProvisionsIamAuthAndTlsAndHandsOutTheAddressAndTheCa() throws IOException {
        assertThat(TERRAFORM.iamAuthAndTls()).as("%s, %s", TERRAFORM.authorizationModes(), TERRAFORM.transitEncryptionModes())
                .isTrue();
        assertThat(TERRAFORM.secretKeys()).containsExactlyInAnyOrder("url", "ca.pem");
        assertThat(TERRAFORM.urlScheme()).isEqualTo("rediss://");
        Namespace base = ofType(Manifests.parse(Files.readString(Repository.KNATIVE.resolve("base/namespace.yaml"))), Namespace.class).get(0);
        assertThat(TERRAFORM.namespaceLabels()).isEqualTo(base.getMetadata().getLabels());
    }

    @ParameterizedTest
    @MethodSource("regions")
    void aRegionConfiguresEveryRedisUserForWhatTerraformProvisions(String overlay) {
        List<HasMetadata> objects = OverlaysTest.render(overlay);
        assertThat(ofType(objects, Namespace.class)).as(overlay + ": the namespace is Terraform's (stage 2)").isEmpty();
        Map<String, String> settings = ofType(objects, ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals(SETTINGS))
                .findFirst().orElseThrow(() -> new AssertionError(overlay + " has no ConfigMap " + SETTINGS)).getData();
        assertThat(settings).containsEntry("QUARKUS_REDIS_CLIENT_TYPE", "cluster").containsEntry("AGENTFLEET_SDK_REDIS_AUTH_SOURCE", "google");
        String tls = settings.get("QUARKUS_REDIS_TLS_CONFIGURATION_NAME");
        assertThat(tls).as("a named TLS configuration").isNotBlank();
        String prefix = "QUARKUS_TLS_" + tls.toUpperCase().replace('-', '_') + "_";
        assertThat(settings).containsEntry(prefix + "HOSTNAME_VERIFICATION_ALGORITHM", "HTTPS");
        Path ca = Path.of(settings.get(prefix + "TRUST_STORE_PEM_CERTS"));

        List<Service> users = ofType(objects, Service.class).stream().filter(s -> redisUrl(s) != null).toList();
        assertThat(users).as(overlay + ": the coordinator and the functions use Redis").hasSizeGreaterThan(5);
        for (Service s : users) {
            Container container = s.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getEnvFrom()).as(describe(s)).anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(SETTINGS));
            EnvVar url = redisUrl(s);
            assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo(TERRAFORM.secretName());
            assertThat(TERRAFORM.secretKeys()).as(describe(s) + ": REDIS_URL's key").contains(url.getValueFrom().getSecretKeyRef().getKey());
            VolumeMount mount = container.getVolumeMounts().stream().filter(m -> Path.of(m.getMountPath()).equals(ca.getParent()))
                    .findFirst().orElseThrow(() -> new AssertionError(describe(s) + " mounts nothing at " + ca.getParent()));
            assertThat(mount.getReadOnly()).isTrue();
            Volume volume = s.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals(mount.getName()))
                    .findFirst().orElseThrow();
            assertThat(volume.getSecret().getSecretName()).as(describe(s)).isEqualTo(TERRAFORM.secretName());
            KeyToPath item = volume.getSecret().getItems().stream().filter(i -> i.getPath().equals(ca.getFileName().toString()))
                    .findFirst().orElseThrow(() -> new AssertionError(describe(s) + ": no " + ca.getFileName() + " in the mounted Secret"));
            assertThat(TERRAFORM.secretKeys()).as(describe(s) + ": the CA's key").contains(item.getKey());
        }
    }

    @Test
    void devKeepsItsSingleInNamespaceRedis() {
        List<HasMetadata> dev = OverlaysTest.render("dev");
        assertThat(ofType(dev, ConfigMap.class)).noneMatch(c -> c.getMetadata().getName().equals(SETTINGS));
        assertThat(ofType(dev, Namespace.class)).hasSize(1);
    }

    private static EnvVar redisUrl(Service s) {
        List<EnvVar> env = s.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        return env == null ? null : env.stream().filter(e -> e.getName().equals("REDIS_URL")).findFirst().orElse(null);
    }
}
