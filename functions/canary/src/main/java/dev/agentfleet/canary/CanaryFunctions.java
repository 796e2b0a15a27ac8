package dev.agentfleet.canary;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.canary.rollout.RolloutController;
import dev.agentfleet.canary.rollout.RolloutRequest;
import dev.agentfleet.canary.rollout.Rollouts;
import dev.agentfleet.sdk.invocation.AgentFunction;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Canary rollouts of a Knative Service: {@code start-rollout}, {@code rollout-status} and {@code abort-rollout} over
 * HTTP (or CloudEvents), and {@code canary-tick}, which a PingSource triggers every minute
 * ({@code dev.knative.sources.ping}) to move every progressing rollout on. The work is {@link Rollouts}' and
 * {@link RolloutController}'s; see README.md for a worked example.
 */
public class CanaryFunctions {

    @RegisterForReflection
    public record TickResult(List<RolloutController.Outcome> rollouts) {
    }

    private final Rollouts rollouts;
    private final RolloutController controller;

    CanaryFunctions(Rollouts rollouts, RolloutController controller) {
        this.rollouts = rollouts;
        this.controller = controller;
    }

    @Funq("start-rollout")
    @AgentFunction
    public Rollouts.View start(@Valid @NotNull RolloutRequest request) {
        return rollouts.start(request);
    }

    @Funq("rollout-status")
    @AgentFunction(idempotent = false)
    public Rollouts.View status(@Valid @NotNull Rollouts.Ref ref) {
        return rollouts.status(ref);
    }

    @Funq("abort-rollout")
    @AgentFunction(idempotent = false)
    public Rollouts.View abort(@Valid @NotNull Rollouts.Ref ref) {
        return rollouts.abort(ref);
    }

    @Funq("canary-tick")
    @AgentFunction(idempotent = false)
    public TickResult tick() {
        return new TickResult(controller.tick());
    }
}
