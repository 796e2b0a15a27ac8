package dev.agentfleet.canary.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;

import dev.agentfleet.canary.CanaryConfig;
import dev.agentfleet.canary.analysis.Webhooks;
import dev.agentfleet.canary.traffic.KnativeServices;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Starting, reading and aborting rollouts: a request checked against the Service and its revisions becomes a
 * {@link Rollout} at its first step; an abort sends all traffic back to the stable revision. Every write goes through
 * {@link RolloutController#record}, as the tick's decisions do.
 */
@ApplicationScoped
public class Rollouts {

    /** Names a rollout: the Service and its namespace (default: agentfleet.canary.namespace). */
    @RegisterForReflection
    public record Ref(@NotBlank String service, String namespace) {
    }

    /** A rollout and the traffic block of its Service as it stands. */
    @RegisterForReflection
    public record View(Rollout rollout, List<Split> traffic) {
    }

    @RegisterForReflection
    public record Split(String revisionName, Long percent, String tag) {
    }

    private final KnativeServices services;
    private final KnativeClient knative;
    private final RolloutStore store;
    private final RolloutController controller;
    private final Webhooks webhooks;
    private final CanaryConfig config;
    private final Clock clock;

    Rollouts(KnativeServices services, KubernetesClient kubernetes, RolloutStore store, RolloutController controller,
            Webhooks webhooks, CanaryConfig config, Clock clock) {
        this.services = services;
        this.knative = kubernetes.adapt(KnativeClient.class);
        this.store = store;
        this.controller = controller;
        this.webhooks = webhooks;
        this.config = config;
        this.clock = clock;
    }

    /** Starts a rollout of the request's Service: checks it, writes the first step's traffic, records it. */
    public View start(RolloutRequest request) {
        String namespace = request.namespace() == null ? config.namespace() : request.namespace();
        List<Integer> weights = weights(request);
        Service service = services.read(namespace, request.service()).orElseThrow(() -> new ProblemException(
                ProblemKind.NOT_FOUND, "There is no Knative Service " + namespace + "/" + request.service() + ".",
                List.of(new FieldError("service", "no such Knative Service in namespace " + namespace)), null));
        String id = namespace + "/" + request.service();
        store.get(id).filter(r -> !r.phase().finished()).ifPresent(r -> {
            throw new ProblemException(ProblemKind.CONFLICT, "A rollout of " + id + " is in progress; abort it first.",
                    List.of(new FieldError("service", "has a rollout in progress")), null);
        });
        String stable = request.stableRevision() != null ? request.stableRevision()
                : KnativeServices.servingAll(service).orElseThrow(() -> invalid("stableRevision",
                        "no revision serves 100 % of " + request.service() + " now: name the stable revision"));
        String candidate = request.candidateRevision() != null ? request.candidateRevision()
                : KnativeServices.latestReady(service).orElseThrow(() -> invalid("candidateRevision",
                        request.service() + " has no ready revision"));
        revisionOf(namespace, request.service(), stable, "stableRevision");
        revisionOf(namespace, request.service(), candidate, "candidateRevision");
        if (stable.equals(candidate)) {
            throw invalid("candidateRevision", "is the stable revision (" + stable + "): deploy a new revision first");
        }
        if (request.webhooks() != null) {
            List<FieldError> refusals = new java.util.ArrayList<>();
            java.util.Map<String, String> urls = new java.util.LinkedHashMap<>();
            urls.put("webhooks.preRollout", request.webhooks().preRollout());
            urls.put("webhooks.step", request.webhooks().step());
            urls.put("webhooks.confirmPromotion", request.webhooks().confirmPromotion());
            urls.forEach((field, url) -> {
                String refusal = webhooks.refusal(url);
                if (refusal != null) {
                    refusals.add(new FieldError(field, refusal));
                }
            });
            if (!refusals.isEmpty()) {
                throw new ProblemException(ProblemKind.VALIDATION, "A webhook points where the canary may not send requests.",
                        refusals, null);
            }
        }
        var defaults = config.defaults();
        var gates = request.gates();
        Instant now = clock.instant();
        Rollout rollout = new Rollout(namespace, request.service(), stable, candidate, weights,
                positive(request.analysisInterval(), defaults.analysisInterval(), "analysisInterval", true),
                request.failedChecks() != null ? request.failedChecks() : defaults.failedChecks(),
                positive(request.progressDeadline(), defaults.progressDeadline(), "progressDeadline", false),
                gates != null && gates.minSuccessRate() != null ? gates.minSuccessRate() : defaults.minSuccessRate(),
                positive(gates == null ? null : gates.maxLatencyP99(), defaults.maxLatencyP99(), "gates.maxLatencyP99", false),
                request.webhooks(), Phase.PROGRESSING, 0, 0, 0, null, now, now, null,
                List.of(new Rollout.Decision(now, "start", stable + " -> " + candidate + " in steps " + weights, weights.get(0))));
        String refused = webhooks.check(request.webhooks() == null ? null : request.webhooks().preRollout(), "pre-rollout", rollout);
        if (refused != null) {
            throw new ProblemException(ProblemKind.CONFLICT, "The pre-rollout check refused: " + refused + ".",
                    List.of(new FieldError("webhooks.preRollout", refused)), null);
        }
        try {
            rollout = controller.record(null, service, rollout, "RolloutStarted", "from " + stable + " to " + candidate + ", steps "
                    + weights, false);
        } catch (KnativeServices.Conflict e) {
            throw new ProblemException(ProblemKind.CONFLICT, id + " changed while the rollout started; try again.",
                    List.of(new FieldError("service", "changed concurrently")), e);
        }
        return view(rollout);
    }

    public View status(Ref ref) {
        return view(existing(ref));
    }

    /** Sends all traffic back to the stable revision and ends the rollout as ABORTED. */
    public View abort(Ref ref) {
        Rollout rollout = existing(ref);
        if (rollout.phase().finished()) {
            throw new ProblemException(ProblemKind.CONFLICT, "The rollout of " + rollout.id() + " has already ended ("
                    + rollout.phase() + ").", List.of(new FieldError("service", "has no rollout in progress")), null);
        }
        String token = store.lock(rollout.id()).orElseThrow(() -> new ProblemException(ProblemKind.CONFLICT,
                "A tick is deciding for " + rollout.id() + " right now; try again in a moment.", List.of(), null));
        try {
            Rollout current = existing(ref);
            Service service = services.read(current.namespace(), current.service()).orElse(null);
            Rollout aborted = controller.record(current, service, current.finished(Phase.ABORTED, clock.instant(),
                    "aborted by request: back to " + current.stableRevision()), "Aborted", "aborted by request: "
                    + current.stableRevision() + " serves 100 %", true);
            return view(aborted);
        } catch (KnativeServices.Conflict e) {
            throw new ProblemException(ProblemKind.CONFLICT, rollout.id() + " changed while aborting; try again.", List.of(), e);
        } finally {
            store.unlock(rollout.id(), token);
        }
    }

    private Rollout existing(Ref ref) {
        String id = (ref.namespace() == null ? config.namespace() : ref.namespace()) + "/" + ref.service();
        return store.get(id).orElseThrow(() -> new ProblemException(ProblemKind.NOT_FOUND, "There is no rollout of " + id + ".",
                List.of(new FieldError("service", "has no rollout")), null));
    }

    private View view(Rollout rollout) {
        List<Split> traffic = services.read(rollout.namespace(), rollout.service())
                .map(s -> s.getSpec().getTraffic() == null ? List.<Split>of() : s.getSpec().getTraffic().stream()
                        .map(t -> new Split(t.getRevisionName(), t.getPercent(), t.getTag())).toList())
                .orElse(List.of());
        return new View(rollout, traffic);
    }

    /** The plan: the explicit steps, or stepWeight up to maxWeight. */
    private List<Integer> weights(RolloutRequest r) {
        if (r.steps() != null) {
            if (r.stepWeight() != null || r.maxWeight() != null) {
                throw invalid("steps", "give either steps or stepWeight and maxWeight, not both");
            }
            for (int i = 1; i < r.steps().size(); i++) {
                if (r.steps().get(i) <= r.steps().get(i - 1)) {
                    throw invalid("steps[" + i + "]", "must be greater than the step before it (" + r.steps().get(i - 1) + ")");
                }
            }
            return List.copyOf(r.steps());
        }
        int step = r.stepWeight() != null ? r.stepWeight() : config.defaults().stepWeight();
        int max = r.maxWeight() != null ? r.maxWeight() : config.defaults().maxWeight();
        if (step > max) {
            throw invalid("stepWeight", "must not exceed maxWeight (" + max + ")");
        }
        List<Integer> weights = new ArrayList<>();
        for (int w = step; w <= max; w += step) {
            weights.add(w);
        }
        return List.copyOf(weights);
    }

    private void revisionOf(String namespace, String service, String revision, String field) {
        var found = knative.revisions().inNamespace(namespace).withName(revision).get();
        if (found == null) {
            throw invalid(field, "no revision " + revision + " in namespace " + namespace);
        }
        String owner = found.getMetadata().getLabels() == null ? null : found.getMetadata().getLabels().get("serving.knative.dev/service");
        if (owner != null && !owner.equals(service)) {
            throw invalid(field, revision + " belongs to " + owner + ", not " + service);
        }
    }

    private static Duration positive(Duration given, Duration fallback, String field, boolean zeroAllowed) {
        Duration d = given != null ? given : fallback;
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw invalid(field, "must be a positive duration (ISO-8601, e.g. PT1M)");
        }
        return d;
    }

    private static ProblemException invalid(String field, String reason) {
        return new ProblemException(ProblemKind.VALIDATION, "The rollout request has invalid fields.",
                List.of(new FieldError(field, reason)), null);
    }
}
