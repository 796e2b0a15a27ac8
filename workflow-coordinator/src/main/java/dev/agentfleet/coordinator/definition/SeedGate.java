package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.vertx.core.Context;

/**
 * The seed workflows' first registration, which runs on a worker while the server opens (before, it held up a native start
 * by 11 %: docs/benchmarks.md). Until it has ended the replica is not ready, and a look-up of a seed (a start
 * of travel-planning, its definition) waits for it, so a caller that does not watch readiness (a test, a script right
 * after {@code ./fleet demo}) sees the same answers as before. Ready once every seed was tried, whatever the outcome:
 * a seed that could not be registered (Redis down, a capability catalog without its functions) is retried by the
 * periodic check and named in the check's data, but never keeps the replica out of rotation.
 */
@Readiness
@Default // @Readiness is a qualifier; the registry and the seeding inject the gate without it
@ApplicationScoped
public class SeedGate implements HealthCheck {

    /** How long a look-up waits for the first registration: one Redis script per seed, unless Redis stalls. */
    static final Duration LOOKUP_WAIT = Duration.ofSeconds(5);

    private final CompletableFuture<Void> firstPass = new CompletableFuture<>();
    private final Map<String, Boolean> registered = new ConcurrentHashMap<>();

    /** Records one seed's outcome (the first pass or a later check). */
    void record(String name, boolean isRegistered) {
        registered.put(name, isRegistered);
    }

    /** The first pass has ended: look-ups go on and the replica is ready. */
    void open() {
        firstPass.complete(null);
    }

    boolean isOpen() {
        return firstPass.isDone();
    }

    /**
     * Waits at most {@code bound} for the first pass; answers whether it has ended. Never blocks an event loop (a
     * look-up there sees Redis as it is).
     */
    public boolean await(Duration bound) {
        if (firstPass.isDone() || Context.isOnEventLoopThread()) {
            return firstPass.isDone();
        }
        try {
            firstPass.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("Seed workflows").status(isOpen());
        new TreeMap<>(registered).forEach((name, ok) -> builder.withData(name, ok ? "registered" : "not registered, retried"));
        if (!isOpen()) {
            builder.withData("reason", "registering the seed workflows");
        }
        return builder.build();
    }
}
