package dev.agentfleet.coordinator.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.agentfleet.coordinator.CoordinatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Starts the engine on its own event loop with the application, and gives its partitions back at shutdown. */
@ApplicationScoped
class EngineLifecycle {

    private final Engine engine;
    private final PartitionOwner owner;
    private final Vertx vertx;
    private final CoordinatorConfig config;
    private Context context;

    EngineLifecycle(Engine engine, PartitionOwner owner, Vertx vertx, CoordinatorConfig config) {
        this.engine = engine;
        this.owner = owner;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        engine.start(context, config.engine().tickInterval());
        owner.start(context);
    }

    void stop(@Observes ShutdownEvent event) {
        if (context != null) {
            owner.stop(context);
        }
    }
}
