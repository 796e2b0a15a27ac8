package dev.agentfleet.manifests;

import static dev.agentfleet.manifests.Manifests.describe;
import static dev.agentfleet.manifests.Manifests.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.knative.eventing.v1.Broker;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.sources.v1.PingSource;
import io.fabric8.knative.sources.v1.SinkBinding;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;

/**
 * Every overlay of knative/ rendered as users apply it ({@code kubectl apply -k knative/overlays/<name>}), every
 * object parsed with the fabric8 models, and the deployment's rules checked on the result.
 */
class OverlaysTest {

    private static final String NAMESPACE = "agentfleet";
    private static final String COORDINATOR = "workflow-coordinator";
    private static final String CANARY = "canary";
    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    /** Quarkus' management interface (health, metrics): no Knative route reaches it. */
    private static final int MANAGEMENT_PORT = 9000;
    private static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    static List<String> overlays() {
        return Repository.overlays();
    }

    static List<HasMetadata> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay,
                o -> Manifests.parse(Kustomize.build(Repository.KNATIVE.resolve("overlays").resolve(o))));
    }

    private static List<Service> services(String overlay) {
        return ofType(render(overlay), Service.class);
    }

    private static Service service(String overlay, String name) {
        return services(overlay).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + " has no Knative Service " + name));
    }

    private static Map<String, String> templateAnnotations(Service s) {
        return s.getSpec().getTemplate().getMetadata().getAnnotations();
    }

    private static Container container(Service s) {
        assertThat(s.getSpec().getTemplate().getSpec().getContainers()).as(describe(s) + " containers").hasSize(1);
        return s.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    @Test
    void theOverlaysAreDevAndTheRegions() {
        assertThat(overlays()).contains("dev", "us", "eu");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectHasAModelAndNoUnknownField(String overlay) {
        List<String> unknown = render(overlay).stream().flatMap(o -> Manifests.unknownFields(o).stream()).toList();
        assertThat(unknown).as("fields the Kubernetes/Knative/Prometheus models do not know").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everythingLivesInTheNamespaceAndNothingIsClusterWide(String overlay) {
        for (HasMetadata object : render(overlay)) {
            if (object instanceof Namespace) {
                assertThat(object.getMetadata().getName()).isEqualTo(NAMESPACE);
            } else {
                assertThat(object.getMetadata().getNamespace()).as(describe(object)).isEqualTo(NAMESPACE);
                assertThat(object.getKind()).as("cluster-scoped kinds").doesNotStartWith("Cluster");
            }
        }
        assertThat(ofType(render(overlay), ConfigMap.class)).allSatisfy(
                c -> assertThat(c.getMetadata().getNamespace()).as(describe(c)).isEqualTo(NAMESPACE));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void autoscalingIsSetOnTheRevisionTemplateAndFunctionsScaleToZero(String overlay) {
        for (Service s : services(overlay)) {
            Map<String, String> own = s.getMetadata().getAnnotations() == null ? Map.of() : s.getMetadata().getAnnotations();
            assertThat(own.keySet()).as(describe(s) + ": autoscaling belongs on spec.template.metadata")
                    .noneMatch(k -> k.startsWith(AUTOSCALING));
            assertThat(templateAnnotations(s)).as(describe(s)).containsKeys(AUTOSCALING + "metric", AUTOSCALING + "target",
                    AUTOSCALING + "min-scale", AUTOSCALING + "max-scale", AUTOSCALING + "scale-down-delay");
            assertThat(s.getSpec().getTemplate().getSpec().getContainerConcurrency()).as(describe(s) + " containerConcurrency")
                    .isNotNull().isPositive();
            if (!s.getMetadata().getName().equals(COORDINATOR)) {
                assertThat(templateAnnotations(s).get(AUTOSCALING + "min-scale")).as(describe(s) + " min-scale").isEqualTo("0");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aCoordinatorThatMayScaleToZeroIsWokenByATick(String overlay) {
        Service coordinator = service(overlay, COORDINATOR);
        boolean scalesToZero = "0".equals(templateAnnotations(coordinator).get(AUTOSCALING + "min-scale"));
        List<PingSource> ticks = ofType(render(overlay), PingSource.class).stream()
                .filter(p -> COORDINATOR.equals(p.getSpec().getSink().getRef().getName())).toList();
        if (scalesToZero) {
            assertThat(ticks).as(overlay + ": the coordinator scales to zero, so a PingSource must wake it").isNotEmpty();
        }
        assertThat(CloudEventTypes.of(COORDINATOR)).as("the tick's ce-type is mapped to a coordinator function")
                .containsValue("dev.knative.sources.ping");
        if (overlay.equals("dev")) {
            assertThat(scalesToZero).as("dev lets the coordinator scale to zero").isTrue();
        } else {
            assertThat(templateAnnotations(coordinator).get(AUTOSCALING + "min-scale")).as(overlay + ": regions keep one")
                    .isEqualTo("1");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerIsProbedLimitedAndLockedDown(String overlay) {
        for (Service s : services(overlay)) {
            Container c = container(s);
            assertThat(c.getPorts()).as(describe(s) + " ports").singleElement()
                    .satisfies(p -> assertThat(p.getName()).isEqualTo("http1"));
            for (Probe probe : new Probe[] { c.getLivenessProbe(), c.getReadinessProbe(), c.getStartupProbe() }) {
                assertThat(probe).as(describe(s) + " liveness, readiness and startup probes").isNotNull();
                assertThat(probe.getHttpGet()).as(describe(s) + " probes are HTTP GETs").isNotNull();
                assertThat(probe.getHttpGet().getPort()).as(describe(s) + ": probes on the management port (vLLM: its own)")
                        .isEqualTo(s.getMetadata().getName().equals("model-server") ? null : new IntOrString(MANAGEMENT_PORT));
            }
            if (!s.getMetadata().getName().equals("model-server")) {
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
                assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            }
            assertThat(c.getResources().getRequests()).as(describe(s) + " requests").containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).as(describe(s) + " limits").containsKeys("cpu", "memory");
            var security = c.getSecurityContext();
            assertThat(security).as(describe(s) + " securityContext").isNotNull();
            assertThat(security.getRunAsNonRoot()).as(describe(s) + " runAsNonRoot").isTrue();
            assertThat(security.getReadOnlyRootFilesystem()).as(describe(s) + " readOnlyRootFilesystem").isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(describe(s) + " allowPrivilegeEscalation").isFalse();
            assertThat(security.getCapabilities().getDrop()).as(describe(s) + " capabilities").containsExactly("ALL");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void agentfleetServicesTakeRedisFromTheSecretAndFunctionsStayInsideTheCluster(String overlay) {
        for (Service s : services(overlay)) {
            String name = s.getMetadata().getName();
            if (name.equals("model-server")) {
                continue;
            }
            EnvVar redis = container(s).getEnv().stream().filter(e -> e.getName().equals("REDIS_URL")).findFirst()
                    .orElseThrow(() -> new AssertionError(describe(s) + " has no REDIS_URL"));
            assertThat(redis.getValue()).as(describe(s) + ": REDIS_URL comes from a Secret, not a literal").isNull();
            assertThat(redis.getValueFrom().getSecretKeyRef().getName()).isEqualTo("agentfleet-redis");
            if (!name.equals(COORDINATOR)) {
                assertThat(s.getMetadata().getLabels()).as(describe(s))
                        .containsEntry("networking.knative.dev/visibility", "cluster-local");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyFunctionHasAServiceAndATriggerPerCloudEventTypeAndNothingElse(String overlay) {
        Set<String> names = services(overlay).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        Set<String> expected = new TreeSet<>();
        Set<String> routed = new TreeSet<>();
        List<String> modules = new ArrayList<>(Repository.functionModules());
        modules.add(COORDINATOR);
        for (String module : modules) {
            assertThat(names).as(overlay + ": a Knative Service for " + module).contains(module);
            CloudEventTypes.of(module).values().stream().filter(t -> t.startsWith("dev.agentfleet."))
                    .forEach(t -> expected.add(module + " <- " + t));
        }
        for (Trigger t : ofType(render(overlay), Trigger.class)) {
            assertThat(t.getSpec().getBroker()).as(describe(t)).isEqualTo("default");
            String subscriber = t.getSpec().getSubscriber().getRef().getName();
            String type = t.getSpec().getFilter().getAttributes().get("type");
            assertThat(CloudEventTypes.of(subscriber)).as(describe(t) + ": " + subscriber + " has a function for " + type)
                    .containsValue(type);
            routed.add(subscriber + " <- " + type);
            var delivery = t.getSpec().getDelivery();
            assertThat(delivery).as(describe(t) + " delivery").isNotNull();
            assertThat(delivery.getRetry()).as(describe(t) + " retry").isPositive();
            assertThat(delivery.getBackoffPolicy()).as(describe(t) + " backoffPolicy").isEqualTo("exponential");
            assertThat(delivery.getBackoffDelay()).as(describe(t) + " backoffDelay").isNotBlank();
            assertThat(delivery.getDeadLetterSink().getRef().getName()).as(describe(t) + " dead letters").isEqualTo(COORDINATOR);
            assertThat(delivery.getDeadLetterSink().getUri()).isEqualTo("/dead-letters");
        }
        assertThat(routed).as(overlay + ": one Trigger per function ce-type").isEqualTo(expected);
        assertThat(ofType(render(overlay), Broker.class)).extracting(b -> b.getMetadata().getName()).containsExactly("default");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theCoordinatorsCompletionEventsGoToTheBroker(String overlay) {
        assertThat(ofType(render(overlay), SinkBinding.class)).singleElement().satisfies(b -> {
            assertThat(b.getSpec().getSubject().getName()).isEqualTo(COORDINATOR);
            assertThat(b.getSpec().getSink().getRef().getKind()).isEqualTo("Broker");
            assertThat(b.getSpec().getSink().getRef().getName()).isEqualTo("default");
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyDevAcceptsTheDevelopmentKeyAndEveryOverlayNamesAnAudience(String overlay) {
        Container c = container(service(overlay, COORDINATOR));
        boolean allowed = c.getEnv().stream().anyMatch(e -> e.getName().equals("AGENTFLEET_COORDINATOR_ALLOW_DEVELOPMENT_KEY")
                && "true".equals(e.getValue()));
        assertThat(allowed).as(overlay + " lets the coordinator run with the development key").isEqualTo(overlay.equals("dev"));
        Map<String, String> jwt = ofType(render(overlay), io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(m -> m.getMetadata().getName().equals("agentfleet-jwt")).findFirst().orElseThrow().getData();
        assertThat(jwt.get("audience")).as(overlay + ": the API tokens' audience").isNotBlank();
        if (!overlay.equals("dev")) {
            assertThat(jwt.get("public-key-location")).as(overlay + " verifies with its issuer's key").doesNotContain("dev-jwt");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachRegionsCoordinatorKnowsItsRegionSoABackupRegionStandsBy(String overlay) {
        EnvVar region = container(service(overlay, "workflow-coordinator")).getEnv().stream()
                .filter(e -> e.getName().equals("AGENTFLEET_COORDINATOR_REGION_NAME")).findFirst().orElse(null);
        if (overlay.equals("dev")) {
            assertThat(region).as("dev is one region: the default name").isNull();
        } else {
            assertThat(region).as(overlay + ": the coordinator's region").isNotNull();
            assertThat(region.getValue()).isEqualTo(overlay);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theGpuModelServerIsScheduledOnTheGpuPoolTerraformProvisions(String overlay) {
        List<Service> gpu = services(overlay).stream().filter(s -> s.getMetadata().getName().equals("model-server")).toList();
        EnvVar modelUrl = container(service(overlay, "customer-service")).getEnv().stream()
                .filter(e -> e.getName().equals("MODEL_BASE_URL")).findFirst().orElse(null);
        if (overlay.equals("dev")) {
            assertThat(gpu).as("dev has no GPUs").isEmpty();
            assertThat(modelUrl).as("dev's customer-service uses its templates").isNull();
            return;
        }
        Service s = gpu.stream().findFirst().orElseThrow(() -> new AssertionError(overlay + " has no model-server"));
        var pod = s.getSpec().getTemplate().getSpec();
        Container c = container(s);
        assertThat(c.getResources().getLimits()).containsKey("nvidia.com/gpu");
        assertThat(c.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("1");
        TerraformGpuPool pool = TerraformGpuPool.read();
        assertThat(pod.getNodeSelector()).containsEntry(pool.labelKey(), pool.labelValue());
        assertThat(pod.getTolerations()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo(pool.taintKey());
            assertThat(t.getValue()).isEqualTo(pool.taintValue());
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        Map<String, String> annotations = templateAnnotations(s);
        assertThat(annotations).containsKeys("serving.knative.dev/progress-deadline", AUTOSCALING + "scale-down-delay");
        assertThat(annotations.get(AUTOSCALING + "min-scale")).isEqualTo("0");
        assertThat(s.getSpec().getTemplate().getSpec().getContainerConcurrency()).isLessThanOrEqualTo(10L);
        assertThat(modelUrl).as(overlay + ": customer-service points at the model server").isNotNull();
        assertThat(modelUrl.getValue()).startsWith("http://model-server." + NAMESPACE + ".svc.cluster.local");
        // customer-service calls <base>/chat/completions, and vLLM serves /v1/chat/completions: the base ends in /v1,
        // once (a base with /v1 and a client path with /v1 again made every call a 404 and every answer a template).
        assertThat(modelUrl.getValue()).as("MODEL_BASE_URL carries the API version once").endsWith("/v1").doesNotContain("/v1/v1");
        // The model server requires its key, and customer-service sends that same key; neither is optional.
        EnvVar serverKey = c.getEnv().stream().filter(e -> e.getName().equals("VLLM_API_KEY")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": the model server requires no API key"));
        EnvVar clientKey = container(service(overlay, "customer-service")).getEnv().stream()
                .filter(e -> e.getName().equals("MODEL_API_KEY")).findFirst().orElseThrow();
        for (EnvVar key : List.of(serverKey, clientKey)) {
            assertThat(key.getValueFrom().getSecretKeyRef().getOptional()).as(key.getName() + " is required").isNotEqualTo(Boolean.TRUE);
        }
        assertThat(clientKey.getValueFrom().getSecretKeyRef().getName()).isEqualTo(serverKey.getValueFrom().getSecretKeyRef().getName());
        assertThat(clientKey.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(serverKey.getValueFrom().getSecretKeyRef().getKey());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadHasItsOwnAccountAndOnlyTheCanaryAnApiToken(String overlay) {
        Map<String, ServiceAccount> accounts = ofType(render(overlay), ServiceAccount.class).stream()
                .collect(Collectors.toMap(a -> a.getMetadata().getName(), a -> a));
        for (Service s : services(overlay)) {
            String account = s.getSpec().getTemplate().getSpec().getServiceAccountName();
            assertThat(account).as(describe(s) + " serviceAccountName").isEqualTo(s.getMetadata().getName());
            assertThat(accounts).as(describe(s) + " account").containsKey(account);
            assertThat(accounts.get(account).getAutomountServiceAccountToken()).as(account + " mounts a token")
                    .isEqualTo(account.equals(CANARY));
        }
        assertThat(ofType(render(overlay), RoleBinding.class)).as("only the canary is bound to a Role").singleElement()
                .satisfies(b -> {
                    assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
                    assertThat(b.getSubjects()).singleElement().satisfies(subject -> {
                        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                        assertThat(subject.getName()).isEqualTo(CANARY);
                        assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
                    });
                });
        Role role = ofType(render(overlay), Role.class).stream().filter(r -> r.getMetadata().getName().equals(CANARY))
                .findFirst().orElseThrow();
        Set<String> grants = role.getRules().stream().flatMap(rule -> rule.getApiGroups().stream().flatMap(group -> rule
                .getResources().stream().flatMap(resource -> rule.getVerbs().stream()
                        .map(verb -> (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb))))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(grants).as("exactly what the canary does").containsExactlyInAnyOrder("serving.knative.dev/services:get",
                "serving.knative.dev/services:list",
                "serving.knative.dev/services:update", "serving.knative.dev/revisions:get", "core/events:create");
        assertThat(render(overlay)).as("nothing cluster-wide").noneMatch(o -> o.getKind().startsWith("Cluster"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void ingressIsDeniedUnlessAPolicyAllowsIt(String overlay) {
        Map<String, NetworkPolicy> policies = ofType(render(overlay), NetworkPolicy.class).stream()
                .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
        assertThat(policies.get("default-deny-ingress")).as("a default-deny policy").isNotNull()
                .satisfies(p -> {
                    assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(p.getSpec().getIngress()).isNullOrEmpty();
                });
        NetworkPolicy functions = policies.get("functions-ingress");
        assertThat(functions.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "function");
        Set<String> peers = functions.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream())
                .map(peer -> peer.getNamespaceSelector() != null
                        ? "ns:" + peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")
                        : "pod:" + peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(peers).containsExactlyInAnyOrder("ns:knative-serving", "ns:kourier-system", "ns:knative-eventing",
                "ns:monitoring", "pod:coordinator");
        for (String name : List.of("functions-ingress", "coordinator-ingress")) {
            assertThat(policies.get(name).getSpec().getIngress()).as(name + ": Prometheus reaches the management port only")
                    .filteredOn(r -> r.getFrom().stream().anyMatch(peer -> peer.getNamespaceSelector() != null && "monitoring".equals(
                            peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))))
                    .singleElement().satisfies(r -> assertThat(r.getPorts()).singleElement()
                            .satisfies(port -> assertThat(port.getPort()).isEqualTo(new IntOrString(MANAGEMENT_PORT))));
        }
        assertThat(policies.get("redis-ingress").getSpec().getIngress()).singleElement()
                .satisfies(r -> assertThat(r.getFrom()).singleElement().satisfies(peer -> assertThat(
                        peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of", "agentfleet")));
        for (Service s : services(overlay)) {
            String component = s.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
            assertThat(policies.values()).as(describe(s) + ": a policy lets its callers in").anySatisfy(p -> assertThat(
                    p.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", component));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretIsShippedButDevsPasswordlessRedisAddress(String overlay) {
        List<Secret> secrets = ofType(render(overlay), Secret.class);
        if (!overlay.equals("dev")) {
            assertThat(secrets).as(overlay + ": secrets come from the cluster (knative/README.md)").isEmpty();
            return;
        }
        assertThat(secrets).singleElement().satisfies(s -> {
            assertThat(s.getMetadata().getName()).isEqualTo("agentfleet-redis");
            String url = new String(java.util.Base64.getDecoder().decode(s.getData().get("url")), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(url).as("no credentials").doesNotContain("@");
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodIsScrapedAndTheAlertsCoverTheFleet(String overlay) {
        PodMonitor fleet = ofType(render(overlay), PodMonitor.class).stream()
                .filter(m -> m.getMetadata().getName().equals("agentfleet")).findFirst().orElseThrow();
        assertThat(fleet.getSpec().getPodMetricsEndpoints()).singleElement().satisfies(e -> {
            assertThat(e.getTargetPort()).as("the management port").isEqualTo(new IntOrString(MANAGEMENT_PORT));
            assertThat(e.getPath()).isEqualTo("/q/metrics");
        });
        assertThat(fleet.getSpec().getSelector().getMatchExpressions()).singleElement()
                .satisfies(e -> assertThat(e.getValues()).containsExactlyInAnyOrder("function", "coordinator"));
        Set<String> alerts = ofType(render(overlay), PrometheusRule.class).stream()
                .flatMap(r -> r.getSpec().getGroups().stream()).flatMap(g -> g.getRules().stream())
                .map(r -> r.getAlert()).filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(alerts).contains("AgentfleetWorkflowFailureRate", "AgentfleetStepLatencyHigh", "AgentfleetCircuitOpen",
                "AgentfleetFunctionErrorRate", "AgentfleetRedisUnavailable", "AgentfleetDeadLetters", "AgentfleetRegionStandingBy",
                "AgentfleetRegionTakeover", "AgentfleetPartitionChurn", "AgentfleetFencedCommits");
        assertThat(ofType(render(overlay), ConfigMap.class)).as("the Grafana dashboard")
                .anySatisfy(c -> {
                    assertThat(c.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
                    assertThat(c.getData()).containsKey("agentfleet-dashboard.json");
                });
    }
}
