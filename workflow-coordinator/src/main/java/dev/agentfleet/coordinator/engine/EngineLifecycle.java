package dev.agentfleet.coordinator.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.agentfleet.coordinator.CoordinatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/** Starts the engine on its own event loop with the application, and gives its partitions back at shutdown. */
@ApplicationScoped
class EngineLifecycle {

    private final Engine engine;
    private final PartitionOwner owner;
    private final EngineLoop loop;
    private final Vertx vertx;
    private final CoordinatorConfig config;
    private boolean started;

    EngineLifecycle(Engine engine, PartitionOwner owner, EngineLoop loop, Vertx vertx, CoordinatorConfig config) {
        this.engine = engine;
        this.owner = owner;
        this.loop = loop;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        loop.bind(vertx.getOrCreateContext());
        engine.start(config.engine().tickInterval());
        owner.start();
        started = true;
    }

    void stop(@Observes ShutdownEvent event) {
        if (started) {
            owner.stop();
        }
    }
}
