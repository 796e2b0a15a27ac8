package dev.agentfleet.coordinator.definition;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.store.DefinitionStore;
import dev.agentfleet.coordinator.store.script.DefinitionRegisterScript;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registered workflow definitions. A name has versions; each version is pinned to the content hash it was registered
 * with, and the content stays stored under that hash (runs pinned to it keep working whatever is registered later).
 * Re-registering the same content is a no-op; the same version with other content is a conflict. Stored by
 * {@link DefinitionStore} (one Redis Cluster slot; definitions are few).
 */
@ApplicationScoped
public class DefinitionRegistry {

    /** What registering did. */
    public enum Outcome { CREATED, UNCHANGED }

    public record Registration(Outcome outcome, RegisteredDefinition definition) {
    }

    /** A workflow name with its versions. */
    @RegisterForReflection
    public record Summary(String name, String latestVersion, Map<String, String> versions) {
    }

    /** A registered version and the content hash it names. */
    public record Version(String name, String version, String hash) {
    }

    private final DefinitionStore store;
    private final CapabilityCatalog catalog;
    private final Clock clock;
    private final SeedGate seeds;

    DefinitionRegistry(DefinitionStore store, CapabilityCatalog catalog, Clock clock, SeedGate seeds) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
        this.seeds = seeds;
    }

    /** Reads, validates and registers a YAML or JSON document; invalid ones are a 422 naming every bad field. */
    public Registration register(byte[] document) {
        DefinitionReader.Result read = DefinitionReader.read(DefinitionDocuments.parse(document));
        if (!read.valid()) {
            throw invalid(read.errors());
        }
        List<FieldError> errors = new ArrayList<>(DefinitionValidator.validate(read.definition(), catalog));
        if (errors.isEmpty()) {
            errors.addAll(WorkflowReferences.check(read.definition(), (name, version) -> find(name, version).map(RegisteredDefinition::definition)));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return register(read.definition());
    }

    Registration register(WorkflowDefinition definition) {
        String body = DefinitionDocuments.canonicalJson(definition);
        String hash = DefinitionDocuments.hash(body);
        DefinitionRegisterScript.Result result = store.register(definition.name(), definition.version(), hash, body, clock.millis());
        if (result.outcome() == DefinitionRegisterScript.Outcome.CONFLICT) {
            throw new ProblemException(ProblemKind.CONFLICT, "Version " + definition.version() + " of " + definition.name()
                    + " is already registered with other content (" + result.detail() + "); register the change as a new version.",
                    List.of(new FieldError("version", "is already registered with other content")), null);
        }
        Instant registeredAt = Instant.ofEpochMilli(Long.parseLong(result.detail()));
        return new Registration(result.outcome() == DefinitionRegisterScript.Outcome.CREATED ? Outcome.CREATED : Outcome.UNCHANGED,
                new RegisteredDefinition(definition.name(), definition.version(), hash, registeredAt, definition));
    }

    /**
     * Which content {@code name} at {@code version} (the latest when null) names, without reading the content: what a
     * start needs, since the compiled content is cached by hash ({@code WorkflowCatalog}).
     */
    public Optional<Version> resolve(String name, String version) {
        if (SeedWorkflows.NAMES.contains(name)) {
            seeds.await(SeedGate.LOOKUP_WAIT);
        }
        return store.resolve(name, version).map(r -> new Version(name, r.version(), r.hash()));
    }

    /** The latest registered version of {@code name}, or the given one, with its content. */
    public Optional<RegisteredDefinition> find(String name, String version) {
        return resolve(name, version).flatMap(v -> byHash(v.hash()).map(d -> new RegisteredDefinition(name, v.version(), v.hash(),
                Optional.ofNullable(store.registeredAt(v.hash())).map(Instant::ofEpochMilli).orElse(null), d)));
    }

    /** The definition content of a hash, for runs pinned to it. */
    public Optional<WorkflowDefinition> byHash(String hash) {
        return Optional.ofNullable(store.body(hash)).map(DefinitionDocuments::fromCanonicalJson);
    }

    /** Those of {@code names} that have no registered version. */
    public List<String> unregistered(List<String> names) {
        return store.unregistered(names);
    }

    public List<Summary> list() {
        seeds.await(SeedGate.LOOKUP_WAIT);
        Map<String, String> names = new TreeMap<>(store.latestVersions());
        List<Summary> summaries = new ArrayList<>();
        names.forEach((name, latest) -> summaries.add(new Summary(name, latest, new TreeMap<>(store.versions(name)))));
        return summaries;
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(ProblemKind.VALIDATION, "The workflow definition is invalid.", errors, null);
    }
}
