package dev.agentfleet.canary.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A rollout's plan and state, as kept in Redis (and summarised in the Service's annotations). Immutable: each decision
 * makes the next version.
 *
 * @param weights            the candidate's share at each step (the plan, resolved from the request)
 * @param step               index into {@code weights} of the split now in place
 * @param observedGeneration the Service's metadata.generation after this controller's last write: any other value
 *                           means someone else changed the spec, which restarts the analysis
 * @param stepSince          when the current step started (the progress deadline counts from here)
 * @param lastCheck          when the gates were last evaluated (null: not yet at this step)
 */
@RegisterForReflection
public record Rollout(String namespace, String service, String stableRevision, String candidateRevision, List<Integer> weights,
        Duration analysisInterval, int failedChecksAllowed, Duration progressDeadline, double minSuccessRate,
        Duration maxLatencyP99, RolloutRequest.Webhooks webhooks, Phase phase, int step, int checksPassed, int checksFailed,
        Long observedGeneration, Instant startedAt, Instant stepSince, Instant lastCheck, List<Decision> history) {

    /** One decision, newest last. */
    @RegisterForReflection
    public record Decision(Instant at, String action, String reason, int weight) {
    }

    public String id() {
        return namespace + "/" + service;
    }

    public int weight() {
        return phase == Phase.PROMOTED ? 100 : phase.finished() ? 0 : weights.get(step);
    }

    public boolean lastStep() {
        return step == weights.size() - 1;
    }

    Rollout with(Phase phase, int step, int passed, int failed, Long generation, Instant stepSince, Instant lastCheck,
            Decision decision) {
        List<Decision> h = new ArrayList<>(history);
        if (decision != null) {
            h.add(decision);
        }
        return new Rollout(namespace, service, stableRevision, candidateRevision, weights, analysisInterval,
                failedChecksAllowed, progressDeadline, minSuccessRate, maxLatencyP99, webhooks, phase, step, passed, failed,
                generation, startedAt, stepSince, lastCheck, List.copyOf(h));
    }

    /** The same rollout on another candidate (a spec change made a new revision). */
    public Rollout withCandidate(String candidate) {
        return new Rollout(namespace, service, stableRevision, candidate, weights, analysisInterval, failedChecksAllowed,
                progressDeadline, minSuccessRate, maxLatencyP99, webhooks, phase, step, checksPassed, checksFailed,
                observedGeneration, startedAt, stepSince, lastCheck, history);
    }

    public Rollout checked(boolean passed, Instant now, String reason) {
        return with(phase, step, checksPassed + (passed ? 1 : 0), checksFailed + (passed ? 0 : 1), observedGeneration,
                stepSince, now, passed ? null : new Decision(now, "check-failed", reason, weight()));
    }

    public Rollout held(Instant now, String reason) {
        return with(phase, step, checksPassed, checksFailed, observedGeneration, stepSince, now,
                new Decision(now, "hold", reason, weight()));
    }

    public Rollout advanced(Instant now, String reason) {
        return with(phase, step + 1, checksPassed, 0, observedGeneration, now, null,
                new Decision(now, "advance", reason, weights.get(step + 1)));
    }

    public Rollout restarted(Instant now, String reason) {
        return with(phase, 0, 0, 0, observedGeneration, now, null, new Decision(now, "restart", reason, weights.get(0)));
    }

    public Rollout finished(Phase end, Instant now, String reason) {
        return with(end, step, checksPassed, checksFailed, observedGeneration, stepSince, now,
                new Decision(now, end.name().toLowerCase().replace('_', '-'), reason, end == Phase.PROMOTED ? 100 : 0));
    }

    public Rollout observed(Long generation) {
        return with(phase, step, checksPassed, checksFailed, generation, stepSince, lastCheck, null);
    }
}
