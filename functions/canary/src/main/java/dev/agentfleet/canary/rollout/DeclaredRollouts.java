package dev.agentfleet.canary.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.canary.CanaryConfig;
import dev.agentfleet.canary.rollout.RolloutController.Outcome;
import dev.agentfleet.canary.traffic.KnativeServices;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.fabric8.knative.serving.v1.Service;

/**
 * Rollouts declared on the Knative Service itself, as Flagger does, without CRDs: whoever may edit the Service
 * (Kubernetes RBAC) may roll it out, and nobody else, since nothing but the Service starts or stops one.
 * <ul>
 *   <li>{@code canary.agentfleet.dev/plan}: the plan, JSON with the fields of a {@link RolloutRequest} except the
 *       Service, namespace and revisions (steps or stepWeight/maxWeight, analysisInterval, failedChecks,
 *       progressDeadline, gates, webhooks). When a revision other than the one serving 100 % becomes ready, the next
 *       tick starts a rollout of it with that plan; a revision once rolled out (promoted, rolled back or aborted) is
 *       not started again.</li>
 *   <li>{@code canary.agentfleet.dev/abort: "true"}: the next tick aborts the rollout in progress (all traffic back to
 *       the stable revision) and removes the annotation.</li>
 * </ul>
 * A plan that does not hold is reported on the Service, once per revision and plan: the annotation
 * {@code canary.agentfleet.dev/plan-error} names each bad field, and a Warning Event says the same. Progress goes to
 * the rollout's annotations and Events as before ({@link KnativeServices}).
 */
@ApplicationScoped
public class DeclaredRollouts {

    public static final String PLAN = KnativeServices.ANNOTATION + "plan";
    public static final String ABORT = KnativeServices.ANNOTATION + "abort";
    public static final String PLAN_ERROR = KnativeServices.ANNOTATION + "plan-error";
    /** Set on the Service by this class, from the Service: a plan may not name them. */
    private static final Set<String> NOT_IN_A_PLAN = Set.of("service", "namespace", "stableRevision", "candidateRevision");

    private final KnativeServices services;
    private final Rollouts rollouts;
    private final RolloutStore store;
    private final CanaryConfig config;
    private final Validator validator;
    private final ObjectMapper plans;

    DeclaredRollouts(KnativeServices services, Rollouts rollouts, RolloutStore store, CanaryConfig config, Validator validator,
            ObjectMapper mapper) {
        this.services = services;
        this.rollouts = rollouts;
        this.store = store;
        this.config = config;
        this.validator = validator;
        this.plans = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Aborts every rollout its Service asks to abort (before the tick moves rollouts on): one outcome per Service. */
    public List<Outcome> aborts() {
        return each(ABORT, this::abort);
    }

    /** Starts a rollout for every Service whose plan applies to a newly ready revision: one outcome per start or refusal. */
    public List<Outcome> starts() {
        return each(PLAN, this::start);
    }

    private List<Outcome> each(String annotation, BiFunction<String, Service, Optional<Outcome>> action) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Service service : services.annotated(config.namespace(), annotation)) {
            String id = config.namespace() + "/" + service.getMetadata().getName();
            try {
                action.apply(id, service).ifPresent(outcomes::add);
            } catch (KnativeServices.Conflict e) {
                outcomes.add(new Outcome(id, "skipped", "the Service changed while it was read; the next tick reads it again"));
            } catch (RuntimeException e) {
                outcomes.add(new Outcome(id, "error", String.valueOf(e.getMessage())));
            }
        }
        return outcomes;
    }

    private Optional<Outcome> abort(String id, Service service) {
        String name = service.getMetadata().getName();
        boolean inProgress = store.get(id).filter(r -> !r.phase().finished()).isPresent();
        if (inProgress) {
            rollouts.abort(new Rollouts.Ref(name, config.namespace()));
        }
        services.read(config.namespace(), name).ifPresent(s -> services.annotate(s, ABORT, null));
        return Optional.of(new Outcome(id, inProgress ? "aborted" : "none", inProgress ? "aborted as the Service asks" : "nothing to abort"));
    }

    private Optional<Outcome> start(String id, Service service) {
        String name = service.getMetadata().getName();
        Optional<Rollout> last = store.get(id);
        Optional<String> candidate = KnativeServices.latestReady(service);
        Optional<String> stable = KnativeServices.servingAll(service);
        if (last.filter(r -> !r.phase().finished()).isPresent() || candidate.isEmpty() || stable.isEmpty()
                || candidate.equals(stable) || last.map(Rollout::candidateRevision).equals(candidate)) {
            return Optional.empty();
        }
        String plan = service.getMetadata().getAnnotations().get(PLAN);
        String attempt = candidate.get() + " with plan #" + Integer.toHexString(plan.hashCode());
        String reported = service.getMetadata().getAnnotations().get(PLAN_ERROR);
        if (reported != null && reported.startsWith(attempt + ":")) {
            return Optional.empty(); // said once for this revision and plan; a new revision or plan is tried again
        }
        try {
            rollouts.start(request(name, plan));
            services.read(config.namespace(), name).filter(s -> s.getMetadata().getAnnotations().containsKey(PLAN_ERROR))
                    .ifPresent(s -> services.annotate(s, PLAN_ERROR, null)); // what was wrong before holds no longer
            return Optional.of(new Outcome(id, "started", candidate.get() + " is ready: rolling out as the Service's plan says"));
        } catch (ProblemException e) {
            List<FieldError> errors = e.problem().errors();
            String why = errors.isEmpty() ? e.problem().detail()
                    : errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
            services.annotate(service, PLAN_ERROR, attempt + ": " + why); // a refused start wrote nothing to it
            services.event(config.namespace(), name, service, "RolloutPlanInvalid", "not rolling out " + candidate.get()
                    + ": the plan in " + PLAN + " does not hold: " + why, true);
            return Optional.of(new Outcome(id, "invalid-plan", why));
        }
    }

    /** The plan as a request for this Service, checked as a request over HTTP would be. */
    private RolloutRequest request(String service, String plan) {
        JsonNode tree;
        try {
            tree = plans.readTree(plan);
        } catch (Exception e) {
            throw invalid("plan", "is not JSON");
        }
        if (!(tree instanceof ObjectNode object)) {
            throw invalid("plan", "must be a JSON object");
        }
        for (String field : NOT_IN_A_PLAN) {
            if (object.has(field)) {
                throw invalid(field, "is not part of a plan: the Service and its revisions decide it");
            }
        }
        object.put("service", service).put("namespace", config.namespace());
        RolloutRequest request;
        try {
            request = plans.treeToValue(object, RolloutRequest.class);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw invalid(field.isEmpty() ? "plan" : field, "has the wrong type or is unknown");
        } catch (Exception e) {
            throw invalid("plan", "cannot be read: " + e.getMessage());
        }
        List<FieldError> violations = validator.validate(request).stream()
                .map((ConstraintViolation<RolloutRequest> v) -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field)).toList();
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION, "The plan has invalid fields.", violations, null);
        }
        return request;
    }

    private static ProblemException invalid(String field, String reason) {
        return new ProblemException(ProblemKind.VALIDATION, "The plan has invalid fields.",
                List.of(new FieldError(field, reason)), null);
    }
}
