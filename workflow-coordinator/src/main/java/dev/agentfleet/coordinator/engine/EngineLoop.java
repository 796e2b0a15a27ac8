package dev.agentfleet.coordinator.engine;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The one Vert.x event loop the engine runs on: runs, timers, slots and leases are touched only here, so they need no
 * locks. Everything that happens elsewhere (a call answered, a Redis reply, an API request) hops here first.
 */
@ApplicationScoped
public class EngineLoop {

    private static final Logger LOG = Logger.getLogger(EngineLoop.class);

    private final Vertx vertx;
    private volatile Context context;

    EngineLoop(Vertx vertx) {
        this.vertx = vertx;
    }

    void bind(Context context) {
        this.context = context;
    }

    /** Runs {@code task} on the loop, always later (never inline: no re-entrant driving). */
    public void run(Runnable task) {
        context.runOnContext(v -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("engine task failed", e);
            }
        });
    }

    /** Whether the caller is on the loop. */
    public boolean here() {
        return Vertx.currentContext() == context;
    }

    /** Runs {@code task} on the loop every {@code period}, from the loop. */
    public void every(Duration period, Runnable task) {
        run(() -> vertx.setPeriodic(period.toMillis(), id -> task.run()));
    }

    /** Runs {@code task} on the loop once, {@code delayMs} from now. */
    public void after(long delayMs, Runnable task) {
        vertx.setTimer(Math.max(1, delayMs), id -> run(task));
    }
}
