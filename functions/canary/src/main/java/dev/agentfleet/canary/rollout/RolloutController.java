package dev.agentfleet.canary.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.canary.analysis.MetricGates;
import dev.agentfleet.canary.analysis.Webhooks;
import dev.agentfleet.canary.traffic.KnativeServices;
import io.fabric8.knative.serving.v1.Service;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decides, at each tick, what every progressing rollout does next: evaluate the candidate (metric gates, the step
 * webhook) once per analysis interval, then advance a step, hold, promote or roll back; restart the analysis when
 * someone else changed the Service's spec. Traffic writes are optimistic (resourceVersion): on a conflict the Service
 * is read again and the decision made again, so a concurrent change is never overwritten.
 */
@ApplicationScoped
public class RolloutController {

    private static final Logger LOG = Logger.getLogger(RolloutController.class);
    private static final int ATTEMPTS = 3;

    /** What one tick did to one rollout. */
    public record Outcome(String rollout, String action, String reason) {
    }

    private final RolloutStore store;
    private final KnativeServices services;
    private final MetricGates gates;
    private final Webhooks webhooks;
    private final MeterRegistry registry;
    private final Clock clock;

    RolloutController(RolloutStore store, KnativeServices services, MetricGates gates, Webhooks webhooks, MeterRegistry registry,
            Clock clock) {
        this.store = store;
        this.services = services;
        this.gates = gates;
        this.webhooks = webhooks;
        this.registry = registry;
        this.clock = clock;
        registry.gauge("agentfleet.canary.rollouts.active", store, RolloutStore::activeCount);
    }

    /** Counts a rollout entering a phase (agentfleet_canary_rollouts_total{phase}). */
    public void entered(Phase phase) {
        registry.counter("agentfleet.canary.rollouts", "phase", phase.name().toLowerCase()).increment();
    }

    public List<Outcome> tick() {
        List<Outcome> outcomes = new ArrayList<>();
        for (String id : store.active()) {
            Optional<String> token = store.lock(id);
            if (token.isEmpty()) {
                outcomes.add(new Outcome(id, "skipped", "another tick holds this rollout"));
                continue;
            }
            try {
                store.get(id).filter(r -> !r.phase().finished()).ifPresent(r -> outcomes.add(decide(r)));
            } catch (RuntimeException e) {
                LOG.errorf(e, "rollout %s: tick failed", id);
                outcomes.add(new Outcome(id, "error", String.valueOf(e.getMessage())));
            } finally {
                store.unlock(id, token.get());
            }
        }
        return outcomes;
    }

    private Outcome decide(Rollout rollout) {
        for (int attempt = 1; ; attempt++) {
            Optional<Service> read = services.read(rollout.namespace(), rollout.service());
            if (read.isEmpty()) {
                record(rollout, null, rollout.finished(Phase.ROLLED_BACK, now(), "the Service was deleted"), "RolledBack",
                        "the Service was deleted", true);
                return new Outcome(rollout.id(), "rolled-back", "the Service was deleted");
            }
            Service service = read.get();
            Decision next = next(rollout, service);
            if (next == null) {
                return new Outcome(rollout.id(), "waiting", "next analysis at " + rollout.lastCheck().plus(rollout.analysisInterval()));
            }
            try {
                record(rollout, service, next.rollout, next.reason, next.message, next.warning);
                return new Outcome(rollout.id(), next.action, next.message);
            } catch (KnativeServices.Conflict e) {
                if (attempt == ATTEMPTS) {
                    LOG.warnf("rollout %s: %s %d times in a row; trying again at the next tick", rollout.id(), e.getMessage(), ATTEMPTS);
                    return new Outcome(rollout.id(), "conflict", e.getMessage());
                }
                LOG.infof("rollout %s: %s; reading it again", rollout.id(), e.getMessage());
            }
        }
    }

    /**
     * Carries a decision out: the Service's traffic written as {@code next} says (unless the Service is gone), the
     * rollout saved, its phase entry counted, and a Kubernetes Event. The one place every decision, the tick's and an
     * abort's and a start's ({@code before} null), goes through. Throws {@link KnativeServices.Conflict} when the Service changed since it was read.
     */
    public Rollout record(Rollout before, Service service, Rollout next, String reason, String message, boolean warning) {
        Rollout written = service == null ? next : next.observed(services.write(service, next));
        store.save(written);
        if (before == null || written.phase() != before.phase()) {
            entered(written.phase());
        }
        services.event(written, service, reason, message, warning);
        return written;
    }

    private record Decision(Rollout rollout, String action, String reason, String message, boolean warning) {
    }

    /** The next state, or null when the analysis interval has not passed yet. */
    private Decision next(Rollout rollout, Service service) {
        Instant now = now();
        Long generation = service.getMetadata().getGeneration();
        if (rollout.observedGeneration() != null && generation != null && !generation.equals(rollout.observedGeneration())) {
            String candidate = KnativeServices.latestReady(service).filter(r -> !r.equals(rollout.stableRevision()))
                    .orElse(rollout.candidateRevision());
            String why = "the Service's spec changed (generation " + rollout.observedGeneration() + " -> " + generation
                    + "): the analysis restarts with " + candidate;
            return new Decision(rollout.withCandidate(candidate).restarted(now, why), "restarted", "AnalysisRestarted", why, true);
        }
        if (rollout.lastCheck() != null && now.isBefore(rollout.lastCheck().plus(rollout.analysisInterval()))) {
            return null;
        }
        String hookFailure = webhooks.check(rollout.webhooks() == null ? null : rollout.webhooks().step(), "step", rollout);
        MetricGates.Verdict verdict = gates.evaluate(rollout);
        if (hookFailure == null && verdict.outcome() == MetricGates.Verdict.Outcome.NO_DATA) {
            Duration waited = Duration.between(rollout.stepSince(), now);
            if (waited.compareTo(rollout.progressDeadline()) > 0) {
                String why = verdict.reason() + " for " + waited.toSeconds() + " s, past the progress deadline of "
                        + rollout.progressDeadline().toSeconds() + " s: rolled back to " + rollout.stableRevision();
                return new Decision(rollout.finished(Phase.ROLLED_BACK, now, why), "rolled-back", "RolledBack", why, true);
            }
            String why = verdict.reason() + ": holding at " + rollout.weight() + " % (inconclusive, not a pass)";
            return new Decision(rollout.held(now, why), "held", "Holding", why, false);
        }
        if (hookFailure != null || verdict.outcome() == MetricGates.Verdict.Outcome.FAIL) {
            String why = hookFailure != null ? hookFailure : verdict.reason();
            Rollout failed = rollout.checked(false, now, why);
            if (failed.checksFailed() >= rollout.failedChecksAllowed()) {
                String end = "check failed " + failed.checksFailed() + " times (" + why + "): rolled back to "
                        + rollout.stableRevision();
                return new Decision(failed.finished(Phase.ROLLED_BACK, now, end), "rolled-back", "RolledBack", end, true);
            }
            return new Decision(failed, "check-failed", "CheckFailed", why + " (" + failed.checksFailed() + " of "
                    + rollout.failedChecksAllowed() + " allowed)", true);
        }
        Rollout passed = rollout.checked(true, now, verdict.reason());
        if (rollout.lastStep()) {
            String confirm = webhooks.check(rollout.webhooks() == null ? null : rollout.webhooks().confirmPromotion(),
                    "confirm-promotion", rollout);
            if (confirm != null) {
                return new Decision(passed.held(now, confirm), "held", "Holding", confirm + ": holding before promotion", false);
            }
            String why = verdict.reason() + ": " + rollout.candidateRevision() + " promoted to 100 % and is now stable";
            return new Decision(passed.finished(Phase.PROMOTED, now, why), "promoted", "Promoted", why, false);
        }
        String why = verdict.reason() + ": " + rollout.weights().get(rollout.step() + 1) + " % to " + rollout.candidateRevision();
        return new Decision(passed.advanced(now, why), "advanced", "StepAdvanced", why, false);
    }

    private Instant now() {
        return clock.instant();
    }
}
