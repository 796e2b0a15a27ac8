package dev.agentfleet.canary;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Revision;
import io.fabric8.knative.serving.v1.RevisionBuilder;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.knative.serving.v1.ServiceBuilder;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.kubernetes.api.model.Event;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.ValidatableResponse;
import dev.agentfleet.canary.rollout.DeclaredRollouts;
import dev.agentfleet.testing.redis.RedisTestResource;

/**
 * Rollouts against the fabric8 Kubernetes mock server in CRUD mode, holding Knative Services whose status is seeded
 * as Knative's controller would write it, with WireMock as Prometheus. Each test rolls out its own Service.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@WithTestResource(RedisTestResource.class)
@WithTestResource(PrometheusStub.class)
class CanaryRolloutTest {

    private static final String NS = "agentfleet";

    @KubernetesTestServer
    KubernetesServer mockServer;

    private KnativeClient knative() {
        return mockServer.getClient().adapt(KnativeClient.class);
    }

    /** A Service at generation 1 whose revision 1 serves 100 % and whose revision 2 is ready (a new deployment). */
    private void seed(String name) {
        for (int r = 1; r <= 2; r++) {
            revision(name, r);
        }
        Service service = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(NS).withGeneration(1L).endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withImage("ghcr.io/agentfleet/" + name + ":2")
                .endContainer().endSpec().endTemplate().addNewTraffic().withLatestRevision(true).withPercent(100L).endTraffic()
                .endSpec()
                .withNewStatus().withLatestReadyRevisionName(name + "-00002").withLatestCreatedRevisionName(name + "-00002")
                .addNewTraffic().withRevisionName(name + "-00001").withPercent(100L).endTraffic().endStatus().build();
        knative().services().inNamespace(NS).resource(service).create();
    }

    private void revision(String service, int n) {
        Revision revision = new RevisionBuilder().withNewMetadata().withName(String.format("%s-%05d", service, n)).withNamespace(NS)
                .addToLabels("serving.knative.dev/service", service).endMetadata().build();
        knative().revisions().inNamespace(NS).resource(revision).create();
    }

    private Service service(String name) {
        return knative().services().inNamespace(NS).withName(name).get();
    }

    private static Map<String, Long> split(Service s) {
        return s.getSpec().getTraffic().stream().collect(Collectors.toMap(TrafficTarget::getRevisionName, TrafficTarget::getPercent));
    }

    private static ValidatableResponse post(String function, String body) {
        return given().contentType("application/json").body(body).post("/" + function).then();
    }

    /** Sets (or, with null, removes) an annotation on the Service, as whoever may edit it would. */
    private void annotate(String service, String key, String value) {
        knative().services().inNamespace(NS).withName(service).edit(s -> {
            Service edited = new ServiceBuilder(s).editMetadata().removeFromAnnotations(key).endMetadata().build();
            if (value != null) {
                edited.getMetadata().getAnnotations().put(key, value);
            }
            return edited;
        });
    }

    /** Declares the plan on the Service; the next tick starts the rollout; answers its status. */
    private ValidatableResponse start(String service, String options) {
        annotate(service, DeclaredRollouts.PLAN, "{\"analysisInterval\": \"PT0S\"" + options + "}");
        assertThat(tickAction(service)).as("the tick after the plan is declared").isEqualTo("started");
        return post("rollout-status", "{\"service\": \"" + service + "\"}");
    }

    private String planError(String service) {
        return service(service).getMetadata().getAnnotations().get(DeclaredRollouts.PLAN_ERROR);
    }

    private static String tickAction(String service) {
        List<Map<String, String>> outcomes = post("canary-tick", "").statusCode(200).extract().jsonPath().getList("rollouts");
        return outcomes.stream().filter(o -> o.get("rollout").equals(NS + "/" + service)).map(o -> o.get("action")).findFirst()
                .orElse("none");
    }

    private List<String> eventReasons(String service) {
        return mockServer.getClient().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> service.equals(e.getInvolvedObject().getName())).map(Event::getReason).toList();
    }

    @Test
    void aServiceWithoutAPlanIsLeftAlone() {
        seed("undeclared");
        assertThat(tickAction("undeclared")).isEqualTo("none");
        assertThat(service("undeclared").getSpec().getTraffic()).singleElement()
                .satisfies(t -> assertThat(t.getLatestRevision()).isTrue()).satisfies(t -> assertThat(t.getPercent()).isEqualTo(100L));
        post("rollout-status", "{\"service\": \"undeclared\"}").statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aWebhookOutsideThePolicyIsReportedOnTheServiceNamingItsFieldAndTrafficDoesNotMove() {
        seed("hooked");
        annotate("hooked", DeclaredRollouts.PLAN, "{\"webhooks\": {\"preRollout\": \"http://169.254.169.254/computeMetadata/v1/\", "
                + "\"step\": \"http://evil.example/hook\"}}");
        assertThat(tickAction("hooked")).isEqualTo("invalid-plan");
        assertThat(planError("hooked")).startsWith("hooked-00002 with plan #").contains("webhooks.preRollout: ").contains("webhooks.step: ");
        assertThat(eventReasons("hooked")).containsExactly("RolloutPlanInvalid");
        assertThat(service("hooked").getSpec().getTraffic()).singleElement()
                .satisfies(t -> assertThat(t.getLatestRevision()).isTrue()).satisfies(t -> assertThat(t.getPercent()).isEqualTo(100L));
        assertThat(tickAction("hooked")).as("said once for this revision and plan").isEqualTo("none");
        assertThat(eventReasons("hooked")).hasSize(1);
    }

    @Test
    void aHealthyCandidateWalksEveryStepAndIsPromoted() {
        seed("healthy");
        PrometheusStub.figures("healthy-00002", 0.999, 0.120, 0);
        start("healthy", ", \"steps\": [10, 50]").statusCode(200).body("rollout.phase", equalTo("PROGRESSING"))
                .body("rollout.stableRevision", equalTo("healthy-00001")).body("rollout.candidateRevision", equalTo("healthy-00002"))
                .body("traffic.find { it.tag == 'canary' }.percent", equalTo(10));
        assertThat(split(service("healthy"))).containsExactlyInAnyOrderEntriesOf(Map.of("healthy-00001", 90L, "healthy-00002", 10L));

        assertThat(tickAction("healthy")).isEqualTo("advanced");
        assertThat(split(service("healthy"))).containsExactlyInAnyOrderEntriesOf(Map.of("healthy-00001", 50L, "healthy-00002", 50L));

        assertThat(tickAction("healthy")).isEqualTo("promoted");
        Service promoted = service("healthy");
        assertThat(split(promoted)).containsExactlyInAnyOrderEntriesOf(Map.of("healthy-00002", 100L));
        assertThat(promoted.getMetadata().getAnnotations()).containsEntry("canary.agentfleet.dev/phase", "PROMOTED")
                .containsEntry("canary.agentfleet.dev/stable-revision", "healthy-00002");
        post("rollout-status", "{\"service\": \"healthy\"}").statusCode(200).body("rollout.phase", equalTo("PROMOTED"))
                .body("rollout.history.action", equalTo(List.of("start", "advance", "promoted")));
        assertThat(eventReasons("healthy")).contains("RolloutStarted", "StepAdvanced", "Promoted");
        assertThat(tickAction("healthy")).as("a finished rollout is not ticked").isEqualTo("none");
    }

    @Test
    void anErrorRateBreachRollsBack() {
        seed("errors");
        PrometheusStub.figures("errors-00002", 0.80, 0.100, 0);
        start("errors", ", \"failedChecks\": 1").statusCode(200);
        assertThat(tickAction("errors")).isEqualTo("rolled-back");
        assertThat(split(service("errors"))).containsExactlyInAnyOrderEntriesOf(Map.of("errors-00001", 100L));
        post("rollout-status", "{\"service\": \"errors\"}").body("rollout.phase", equalTo("ROLLED_BACK"));
        assertThat(eventReasons("errors")).contains("RolledBack");
        assertThat(tickAction("errors")).as("a revision rolled back is not rolled out again").isEqualTo("none");
    }

    @Test
    void aLatencyBreachRollsBackOnlyAfterTheThreshold() {
        seed("slow");
        PrometheusStub.figures("slow-00002", 1.0, 2.5, 0);
        start("slow", ", \"failedChecks\": 2, \"gates\": {\"maxLatencyP99\": \"PT0.3S\"}").statusCode(200);
        assertThat(tickAction("slow")).isEqualTo("check-failed");
        assertThat(split(service("slow"))).as("still at the first step").containsEntry("slow-00002", 10L);
        assertThat(service("slow").getMetadata().getAnnotations()).containsEntry("canary.agentfleet.dev/checks", "0 passed, 1 failed");
        assertThat(tickAction("slow")).isEqualTo("rolled-back");
        assertThat(split(service("slow"))).containsExactlyInAnyOrderEntriesOf(Map.of("slow-00001", 100L));
    }

    @Test
    void noDataHoldsAndRollsBackAtTheProgressDeadline() throws InterruptedException {
        seed("idle");
        PrometheusStub.figures("idle-00002", null, null, 0);
        start("idle", ", \"progressDeadline\": \"PT1S\"").statusCode(200);
        assertThat(tickAction("idle")).isEqualTo("held");
        assertThat(split(service("idle"))).containsEntry("idle-00002", 10L);
        Thread.sleep(1200);
        assertThat(tickAction("idle")).isEqualTo("rolled-back");
        assertThat(split(service("idle"))).containsExactlyInAnyOrderEntriesOf(Map.of("idle-00001", 100L));
        post("rollout-status", "{\"service\": \"idle\"}").body("rollout.history.action", hasItem("hold"));
    }

    @Test
    void aConcurrentChangeIsReadAgainNotOverwritten() throws Exception {
        seed("busy");
        start("busy", "").statusCode(200);
        // The tick reads the Service, then waits on Prometheus; meanwhile someone labels the Service.
        PrometheusStub.figures("busy-00002", 0.999, 0.1, 1500);
        CompletableFuture<String> tick = CompletableFuture.supplyAsync(() -> tickAction("busy"));
        Thread.sleep(500);
        knative().services().inNamespace(NS).withName("busy").edit(s -> new ServiceBuilder(s).editMetadata()
                .addToLabels("team", "payments").endMetadata().build());
        assertThat(tick.get()).isEqualTo("advanced");
        Service after = service("busy");
        assertThat(after.getMetadata().getLabels()).as("the concurrent change survived").containsEntry("team", "payments");
        assertThat(split(after)).containsEntry("busy-00002", 20L);
    }

    @Test
    void aSpecChangeDuringTheRolloutRestartsTheAnalysis() {
        seed("changing");
        PrometheusStub.figures("changing-00002", 0.999, 0.1, 0);
        PrometheusStub.figures("changing-00003", 0.999, 0.1, 0);
        start("changing", ", \"steps\": [10, 30, 60]").statusCode(200);
        assertThat(tickAction("changing")).isEqualTo("advanced");
        // A new image is deployed: the API server bumps the generation, Knative makes revision 3 and reports it ready.
        revision("changing", 3);
        knative().services().inNamespace(NS).withName("changing").edit(s -> new ServiceBuilder(s).editMetadata()
                .withGeneration(s.getMetadata().getGeneration() + 1).endMetadata().editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage("ghcr.io/agentfleet/changing:3").endContainer().endSpec().endTemplate().endSpec()
                .editStatus().withLatestReadyRevisionName("changing-00003").endStatus().build());
        assertThat(tickAction("changing")).isEqualTo("restarted");
        assertThat(split(service("changing"))).containsExactlyInAnyOrderEntriesOf(Map.of("changing-00001", 90L, "changing-00003", 10L));
        post("rollout-status", "{\"service\": \"changing\"}").body("rollout.candidateRevision", equalTo("changing-00003"))
                .body("rollout.step", equalTo(0));
        assertThat(eventReasons("changing")).contains("AnalysisRestarted");
        assertThat(tickAction("changing")).isEqualTo("advanced");
    }

    @Test
    void anAbortReturnsAllTrafficToTheStableRevision() {
        seed("aborted");
        PrometheusStub.figures("aborted-00002", 0.999, 0.1, 0);
        start("aborted", "").statusCode(200);
        assertThat(tickAction("aborted")).isEqualTo("advanced");
        annotate("aborted", DeclaredRollouts.ABORT, "true");
        assertThat(tickAction("aborted")).isEqualTo("aborted");
        post("rollout-status", "{\"service\": \"aborted\"}").statusCode(200).body("rollout.phase", equalTo("ABORTED"))
                .body("traffic.size()", equalTo(1)).body("traffic[0].revisionName", equalTo("aborted-00001"))
                .body("traffic[0].percent", equalTo(100));
        assertThat(service("aborted").getMetadata().getAnnotations()).as("the abort is done").doesNotContainKey(DeclaredRollouts.ABORT);
        assertThat(tickAction("aborted")).isEqualTo("none");
        annotate("aborted", DeclaredRollouts.ABORT, "true");
        assertThat(tickAction("aborted")).as("nothing to abort").isEqualTo("none");
        assertThat(service("aborted").getMetadata().getAnnotations()).doesNotContainKey(DeclaredRollouts.ABORT);
    }

    @Test
    void aPlanThatDoesNotHoldIsReportedOnTheServiceNamingTheField() {
        seed("strict");
        Map<String, String> plans = new java.util.LinkedHashMap<>();
        plans.put("{\"stepWeight\": 60, \"maxWeight\": 50}", "stepWeight: ");
        plans.put("{\"steps\": [10, 10]}", "steps[1]: ");
        plans.put("{\"steps\": [50, 150]}", "steps[1]");
        plans.put("{\"steps\": [10], \"stepWeight\": 5}", "steps: ");
        plans.put("{\"stableRevision\": \"strict-00009\"}", "stableRevision: ");
        plans.put("{\"candidateRevision\": \"strict-00001\"}", "candidateRevision: ");
        plans.put("{\"service\": \"another\"}", "service: ");
        plans.put("{\"progressDeadline\": \"soon\"}", "progressDeadline: ");
        plans.put("{\"stepweight\": 10}", "stepweight: ");
        plans.put("{\"failedChecks\": 0}", "failedChecks: ");
        plans.put("not json", "plan: ");
        plans.put("[10, 50]", "plan: ");
        plans.forEach((plan, field) -> {
            annotate("strict", DeclaredRollouts.PLAN, plan);
            assertThat(tickAction("strict")).as(plan).isEqualTo("invalid-plan");
            assertThat(planError("strict")).as(plan).contains(field);
        });
        assertThat(eventReasons("strict")).hasSize(plans.size()).containsOnly("RolloutPlanInvalid");
        assertThat(service("strict").getSpec().getTraffic()).as("no traffic moved").singleElement()
                .satisfies(t -> assertThat(t.getLatestRevision()).isTrue()).satisfies(t -> assertThat(t.getPercent()).isEqualTo(100L));
        start("strict", "").statusCode(200).body("rollout.phase", equalTo("PROGRESSING"));
        assertThat(tickAction("strict")).as("the plan starts one rollout, not one per tick").isNotEqualTo("started");
        post("rollout-status", "{\"service\": \"never\"}").statusCode(404).contentType("application/problem+json");
    }
}
