package dev.agentfleet.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;

/**
 * One source of truth: each module's build writes target/kubernetes/knative.yml (quarkus-kubernetes, from the
 * application's own configuration: image, health endpoints, port, Redis Secret); knative/base must deploy the same
 * image, probe the same endpoints on the same port and pass the same environment. And the packaged applications stay
 * lean: only the canary, which drives Knative Services, carries the Kubernetes client.
 */
class GeneratedManifestsTest {

    static List<String> modules() {
        List<String> modules = new ArrayList<>(Repository.functionModules());
        modules.add("workflow-coordinator");
        return modules;
    }

    private static final List<Service> BASE = Manifests.ofType(Manifests.parse(Kustomize.build(Repository.KNATIVE.resolve("base"))),
            Service.class);

    private static Container container(Service s) {
        return s.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @ParameterizedTest
    @MethodSource("modules")
    void theBaseDeploysWhatTheModulesBuildDescribes(String module) throws IOException {
        Path generated = Repository.module(module).resolve("target/kubernetes/knative.yml");
        assertThat(generated).as("built by ./mvnw package").exists();
        Service built = Manifests.ofType(Manifests.parse(Files.readString(generated)), Service.class).get(0);
        Service deployed = BASE.stream().filter(s -> s.getMetadata().getName().equals(module)).findFirst()
                .orElseThrow(() -> new AssertionError("knative/base has no Service " + module));
        Container b = container(built);
        Container d = container(deployed);
        assertThat(d.getImage()).as(module + " image").isEqualTo(b.getImage());
        assertThat(d.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo(b.getPorts().get(0).getName());
            assertThat(p.getContainerPort()).isEqualTo(b.getPorts().get(0).getContainerPort());
        });
        assertThat(d.getLivenessProbe().getHttpGet().getPath()).isEqualTo(b.getLivenessProbe().getHttpGet().getPath());
        assertThat(d.getReadinessProbe().getHttpGet().getPath()).isEqualTo(b.getReadinessProbe().getHttpGet().getPath());
        for (EnvVar env : b.getEnv()) {
            assertThat(d.getEnv()).as(module + " env " + env.getName()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo(env.getName());
                assertThat(e.getValue()).isEqualTo(env.getValue());
                assertThat(e.getValueFrom()).isEqualTo(env.getValueFrom());
            });
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void onlyTheCanaryCarriesTheKubernetesClient(String module) {
        Path lib = Repository.module(module).resolve("target/quarkus-app/lib/main");
        assertThat(lib).as("built by ./mvnw package").isDirectory();
        try (Stream<Path> jars = Files.list(lib)) {
            boolean client = jars.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.startsWith("io.fabric8.kubernetes-client") || n.startsWith("io.fabric8.knative-client"));
            assertThat(client).as(module + " carries the Kubernetes client").isEqualTo(module.equals("canary"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
