package dev.agentfleet.manifests;

import static dev.agentfleet.manifests.Manifests.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Egress as Kubernetes enforces it: every pod of every overlay is denied egress unless a policy selecting its labels
 * allows a destination, and the union of what the policies allow each workload is exactly the list below. A new
 * policy that lets a workload reach something else, or a workload whose labels slip out of a policy, fails here.
 * (What only a region knows, Memorystore's and the control plane's addresses, Terraform allows: hardening.test.mjs.)
 */
class EgressPoliciesTest {

    private static final String DNS = "kube-system/k8s-app=kube-dns UDP:53 TCP:53";
    private static final String TELEMETRY = "observability/* TCP:4317";
    private static final String REDIS_POD = "agentfleet/app.kubernetes.io/name=redis TCP:6379";
    private static final String KOURIER = "kourier-system/* TCP:8081 TCP:8444";
    private static final String BROKER = "knative-eventing/eventing.knative.dev/brokerRole=ingress TCP:8080 TCP:8443";
    private static final String PROMETHEUS = "monitoring/* TCP:9090";
    private static final String PUBLIC_HTTPS = "0.0.0.0/0 except [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, "
            + "100.64.0.0/10, 127.0.0.0/8] TCP:443";

    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "weather", Set.of(DNS, TELEMETRY, REDIS_POD, PUBLIC_HTTPS),
            "planning", Set.of(DNS, TELEMETRY, REDIS_POD),
            "data-analysis", Set.of(DNS, TELEMETRY, REDIS_POD),
            "security-monitor", Set.of(DNS, TELEMETRY, REDIS_POD),
            "customer-service", Set.of(DNS, TELEMETRY, REDIS_POD, KOURIER),
            "workflow-coordinator", Set.of(DNS, TELEMETRY, REDIS_POD, KOURIER, BROKER),
            "canary", Set.of(DNS, TELEMETRY, REDIS_POD, PROMETHEUS, PUBLIC_HTTPS),
            "model-server", Set.of(DNS, PUBLIC_HTTPS),
            "redis", Set.of(DNS));

    static List<String> overlays() {
        return Repository.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodIsDeniedEgressByDefault(String overlay) {
        List<NetworkPolicy> policies = ofType(OverlaysTest.render(overlay), NetworkPolicy.class);
        assertThat(policies).as(overlay + ": default-deny-egress").filteredOn(p -> p.getMetadata().getName().equals("default-deny-egress"))
                .singleElement().satisfies(p -> {
                    assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
                    assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
                    assertThat(p.getSpec().getPolicyTypes()).containsExactly("Egress");
                    assertThat(p.getSpec().getEgress()).isNullOrEmpty();
                });
        assertThat(policies).as(overlay + ": every egress rule names its destinations and ports").allSatisfy(p -> {
            for (var rule : p.getSpec().getEgress()) {
                assertThat(rule.getTo()).as(p.getMetadata().getName() + " destinations").isNotEmpty();
                assertThat(rule.getPorts()).as(p.getMetadata().getName() + " ports").isNotEmpty();
            }
        });
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachWorkloadReachesExactlyItsDestinations(String overlay) {
        List<HasMetadata> objects = OverlaysTest.render(overlay);
        List<NetworkPolicy> egress = ofType(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getPolicyTypes().contains("Egress")).toList();
        Map<String, Set<String>> reached = new TreeMap<>();
        podLabels(objects).forEach((workload, labels) -> {
            Set<String> destinations = new TreeSet<>();
            egress.stream().filter(p -> selects(p.getSpec().getPodSelector(), labels))
                    .flatMap(p -> p.getSpec().getEgress().stream())
                    .forEach(rule -> rule.getTo().forEach(peer -> destinations.add(describe(peer) + " " + ports(rule.getPorts()))));
            reached.put(workload, destinations);
        });
        assertThat(reached).as(overlay + ": the workloads").isNotEmpty();
        reached.forEach((workload, destinations) -> assertThat(destinations).as(overlay + ": " + workload + " may reach")
                .containsExactlyInAnyOrderElementsOf(ALLOWED.getOrDefault(workload, Set.of("<nothing listed for " + workload + ">"))));
    }

    /** Each workload's pod labels: the Knative Services' revision templates and the Deployments' pod templates. */
    private static Map<String, Map<String, String>> podLabels(List<HasMetadata> objects) {
        Map<String, Map<String, String>> labels = new TreeMap<>();
        ofType(objects, Service.class).forEach(s -> labels.put(s.getMetadata().getName(), s.getSpec().getTemplate().getMetadata().getLabels()));
        ofType(objects, Deployment.class).forEach(d -> labels.put(d.getMetadata().getName(), d.getSpec().getTemplate().getMetadata().getLabels()));
        return labels;
    }

    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        boolean matchLabels = selector.getMatchLabels() == null
                || selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        boolean matchExpressions = selector.getMatchExpressions() == null || selector.getMatchExpressions().stream().allMatch(e -> switch (e.getOperator()) {
            case "In" -> e.getValues().contains(labels.get(e.getKey()));
            case "NotIn" -> !e.getValues().contains(labels.get(e.getKey()));
            case "Exists" -> labels.containsKey(e.getKey());
            case "DoesNotExist" -> !labels.containsKey(e.getKey());
            default -> throw new AssertionError("unknown operator " + e.getOperator());
        });
        return matchLabels && matchExpressions;
    }

    private static String describe(NetworkPolicyPeer peer) {
        if (peer.getIpBlock() != null) {
            List<String> except = peer.getIpBlock().getExcept();
            return peer.getIpBlock().getCidr() + (except == null || except.isEmpty() ? "" : " except " + except);
        }
        String namespace = peer.getNamespaceSelector() == null ? "agentfleet"
                : String.valueOf(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
        String pods = peer.getPodSelector() == null ? "*"
                : peer.getPodSelector().getMatchLabels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + "," + b).orElse("*");
        return namespace + "/" + pods;
    }

    private static String ports(List<NetworkPolicyPort> ports) {
        return String.join(" ", ports.stream().map(p -> p.getProtocol() + ":" + p.getPort().getIntVal()
                + (p.getEndPort() == null ? "" : "-" + p.getEndPort())).toList());
    }

}
