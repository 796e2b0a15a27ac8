package dev.agentfleet.coordinator.events;

import dev.agentfleet.coordinator.engine.Engine;
import dev.agentfleet.coordinator.engine.PartitionOwner;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The timer tick: Knative's PingSource sends a {@code dev.knative.sources.ping} event every minute. Where the
 * coordinator may scale to zero, that request is what starts a replica again; starting is all it takes, because a new
 * replica claims the partitions and resumes their runs from Redis (due retries and timeouts included). The answer says
 * what this replica holds, for logs and for a plain {@code POST /workflow-tick}.
 */
public class WorkflowTickFunction {

    /** What this replica drives. */
    @RegisterForReflection
    public record Tick(String replica, int partitions, int runs, int timers) {
    }

    private final Engine engine;
    private final PartitionOwner owner;

    WorkflowTickFunction(Engine engine, PartitionOwner owner) {
        this.engine = engine;
        this.owner = owner;
    }

    @Funq("workflow-tick")
    public Tick tick() {
        Engine.Load load = engine.load();
        return new Tick(owner.replicaId(), owner.owned().size(), load.runs(), load.timers());
    }
}
