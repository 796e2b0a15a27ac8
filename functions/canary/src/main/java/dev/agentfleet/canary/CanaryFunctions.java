package dev.agentfleet.canary;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.canary.rollout.DeclaredRollouts;
import dev.agentfleet.canary.rollout.RolloutController;
import dev.agentfleet.canary.rollout.Rollouts;
import dev.agentfleet.sdk.invocation.AgentFunction;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Canary rollouts of a Knative Service, declared on the Service ({@link DeclaredRollouts}: a plan annotation, and an
 * abort annotation), so only who may edit the Service starts or stops one. {@code canary-tick}, which a PingSource
 * triggers every minute ({@code dev.knative.sources.ping}), acts on what the Services declare and moves every rollout
 * in progress on; {@code rollout-status} reads one. No function here changes traffic on request.
 * The work is {@link Rollouts}' and {@link RolloutController}'s; see README.md for a worked example.
 */
public class CanaryFunctions {

    @RegisterForReflection
    public record TickResult(List<RolloutController.Outcome> rollouts) {
    }

    private final Rollouts rollouts;
    private final RolloutController controller;
    private final DeclaredRollouts declared;

    CanaryFunctions(Rollouts rollouts, RolloutController controller, DeclaredRollouts declared) {
        this.rollouts = rollouts;
        this.controller = controller;
        this.declared = declared;
    }

    @Funq("rollout-status")
    @AgentFunction(idempotent = false)
    public Rollouts.View status(@Valid @NotNull Rollouts.Ref ref) {
        return rollouts.status(ref);
    }

    /**
     * Aborts what the Services ask to abort, moves every rollout in progress on, then starts what the Services declare
     * (a rollout started at this tick moves at the next).
     */
    @Funq("canary-tick")
    @AgentFunction(idempotent = false)
    public TickResult tick() {
        List<RolloutController.Outcome> outcomes = new ArrayList<>(declared.aborts());
        outcomes.addAll(controller.tick());
        outcomes.addAll(declared.starts());
        return new TickResult(outcomes);
    }
}
