package dev.agentfleet.coordinator.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.DefinitionDocuments;
import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.store.DefinitionStore;
import io.vertx.core.Future;

/**
 * Compiled definitions by content hash. A hash's content never changes, so each is read and compiled once per
 * replica and kept: what a run is pinned to is what it keeps running.
 */
@ApplicationScoped
public class WorkflowCatalog {

    /** The content a run is pinned to is not stored (any more). */
    public static final class MissingDefinitionException extends IllegalStateException {
        MissingDefinitionException(String hash) {
            super("definition " + hash + " is not stored");
        }
    }

    private final Map<String, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
    private final DefinitionStore store;
    private final DefinitionRegistry registry;

    WorkflowCatalog(DefinitionStore store, DefinitionRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** For starts and the HTTP API (worker threads): the content a hash names, read and compiled on first use. */
    public CompiledWorkflow byHashBlocking(String hash) {
        return compiled.computeIfAbsent(hash, h -> CompiledWorkflow.of(h, registry.byHash(h)
                .orElseThrow(() -> new MissingDefinitionException(h))));
    }

    /**
     * For a run read back from Redis: its pinned content, without blocking. Fails with
     * {@link MissingDefinitionException} when it is not stored, with the compiler's exception when it does not compile.
     */
    public Future<CompiledWorkflow> byHash(String hash) {
        CompiledWorkflow known = compiled.get(hash);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return store.bodyAsync(hash).map(body -> {
            if (body == null) {
                throw new MissingDefinitionException(hash);
            }
            return compiled.computeIfAbsent(hash, h -> CompiledWorkflow.of(h, DefinitionDocuments.fromCanonicalJson(body)));
        });
    }
}
