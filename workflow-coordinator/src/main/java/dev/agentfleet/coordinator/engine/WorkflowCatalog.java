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
                .orElseThrow(() -> new IllegalStateException("definition " + h + " is not stored"))));
    }

    /** For a run read back from Redis: its pinned content, without blocking. */
    public Future<CompiledWorkflow> byHash(String hash) {
        CompiledWorkflow known = compiled.get(hash);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return store.bodyAsync(hash).map(body -> {
            if (body == null) {
                throw new IllegalStateException("definition " + hash + " is not stored");
            }
            return compiled.computeIfAbsent(hash, h -> CompiledWorkflow.of(h, DefinitionDocuments.fromCanonicalJson(body)));
        });
    }
}
