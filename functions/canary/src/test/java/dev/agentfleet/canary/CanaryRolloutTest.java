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

    private static ValidatableResponse start(String service, String options) {
        return post("start-rollout", "{\"service\": \"" + service + "\", \"analysisInterval\": \"PT0S\"" + options + "}");
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
    void aWebhookOutsideThePolicyIsA422NamingItsFieldAndTrafficDoesNotMove() {
        seed("hooked");
        start("hooked", ", \"webhooks\": {\"preRollout\": \"http://169.254.169.254/computeMetadata/v1/\", "
                + "\"step\": \"http://evil.example/hook\"}")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("webhooks.preRollout", "webhooks.step"));
        assertThat(service("hooked").getSpec().getTraffic()).singleElement()
                .satisfies(t -> assertThat(t.getLatestRevision()).isTrue()).satisfies(t -> assertThat(t.getPercent()).isEqualTo(100L));
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
        post("abort-rollout", "{\"service\": \"aborted\"}").statusCode(200).body("rollout.phase", equalTo("ABORTED"))
                .body("traffic.size()", equalTo(1)).body("traffic[0].revisionName", equalTo("aborted-00001"))
                .body("traffic[0].percent", equalTo(100));
        assertThat(tickAction("aborted")).isEqualTo("none");
        post("abort-rollout", "{\"service\": \"aborted\"}").statusCode(409).contentType("application/problem+json");
    }

    @Test
    void invalidRequestsAreRefusedWithProblems() {
        seed("strict");
        post("start-rollout", "{\"service\": \"nope\"}").statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("service"));
        post("start-rollout", "{\"service\": \"strict\", \"stepWeight\": 60, \"maxWeight\": 50}").statusCode(422)
                .body("errors[0].field", equalTo("stepWeight"));
        post("start-rollout", "{\"service\": \"strict\", \"steps\": [10, 10]}").statusCode(422)
                .body("errors[0].field", equalTo("steps[1]"));
        post("start-rollout", "{\"service\": \"strict\", \"steps\": [50, 150]}").statusCode(422).contentType("application/problem+json");
        post("start-rollout", "{\"service\": \"strict\", \"steps\": [10], \"stepWeight\": 5}").statusCode(422)
                .body("errors[0].field", equalTo("steps"));
        post("start-rollout", "{\"service\": \"strict\", \"stableRevision\": \"strict-00009\"}").statusCode(422)
                .body("errors[0].field", equalTo("stableRevision"));
        post("start-rollout", "{\"service\": \"strict\", \"candidateRevision\": \"strict-00001\"}").statusCode(422)
                .body("errors[0].field", equalTo("candidateRevision"));
        post("start-rollout", "{\"service\": \"Not A Name\"}").statusCode(422).contentType("application/problem+json");
        post("start-rollout", "{\"service\": \"strict\", \"progressDeadline\": \"soon\"}").statusCode(400)
                .contentType("application/problem+json");
        start("strict", "").statusCode(200);
        start("strict", "").statusCode(409).body("errors[0].field", equalTo("service"));
        post("rollout-status", "{\"service\": \"never\"}").statusCode(404).contentType("application/problem+json");
    }
}
