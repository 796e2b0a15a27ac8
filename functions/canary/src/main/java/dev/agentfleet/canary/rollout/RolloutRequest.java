package dev.agentfleet.canary.rollout;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A rollout to start: which Knative Service, which revisions, the traffic steps, and how each step is judged. Every
 * field but {@code service} has a default (see the README).
 *
 * @param steps          the candidate's share at each step, in percent, increasing (e.g. 5, 10, 25, 50); the stable
 *                       revision gets the rest, so every split sums to 100. Or, instead: {@code stepWeight} and
 *                       {@code maxWeight} (10 and 50 give 10, 20, 30, 40, 50). After the last step passes, the
 *                       candidate is promoted to 100 %.
 * @param stableRevision pinned explicitly; default: the revision serving 100 % now
 * @param candidateRevision default: the latest ready revision
 */
@RegisterForReflection
public record RolloutRequest(
        @NotBlank @Size(max = 63) @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?", message = "must be a Kubernetes name") String service,
        @Size(max = 63) @Pattern(regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?", message = "must be a Kubernetes name") String namespace,
        @Size(max = 253) String stableRevision,
        @Size(max = 253) String candidateRevision,
        @Size(min = 1, max = 20) List<@Min(1) @Max(100) Integer> steps,
        @Min(1) @Max(100) Integer stepWeight,
        @Min(1) @Max(100) Integer maxWeight,
        Duration analysisInterval,
        @Min(1) @Max(100) Integer failedChecks,
        Duration progressDeadline,
        @Valid Gates gates,
        @Valid Webhooks webhooks) {

    /** Metric gates on the candidate revision, evaluated over the analysis interval. */
    @RegisterForReflection
    public record Gates(@DecimalMin("0") @DecimalMax("1") Double minSuccessRate, Duration maxLatencyP99) {
    }

    /** Optional checks: each URL gets a POST with the rollout; any 2xx passes. */
    @RegisterForReflection
    public record Webhooks(@Size(max = 2048) String preRollout, @Size(max = 2048) String step,
            @Size(max = 2048) String confirmPromotion) {
    }
}
