package dev.agentfleet.coordinator.definition;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.redis.LuaScript;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registered workflow definitions, in Redis. A name has versions; each version is pinned to the content hash it was
 * registered with, and the content stays stored under that hash (runs pinned to it keep working whatever is registered
 * later). Re-registering the same content is a no-op; the same version with other content is a conflict.
 *
 * <p>Keys share the hash tag {@code {wf-def}} (one Redis Cluster slot; definitions are few):
 * {@code <prefix>:{wf-def}:names} (name -> latest version), {@code ...:versions:<name>} (version -> hash),
 * {@code ...:body:<hash>} (canonical JSON), {@code ...:registered} (hash -> epoch ms).
 */
@ApplicationScoped
public class DefinitionRegistry {

    private static final LuaScript REGISTER = LuaScript.load("register_definition");

    /** What registering did. */
    public enum Outcome { CREATED, UNCHANGED }

    public record Registration(Outcome outcome, RegisteredDefinition definition) {
    }

    /** A workflow name with its versions. */
    @RegisterForReflection
    public record Summary(String name, String latestVersion, Map<String, String> versions) {
    }

    private final RedisDataSource redis;
    private final CapabilityCatalog catalog;
    private final Clock clock;
    private final String prefix;

    DefinitionRegistry(RedisDataSource redis, CapabilityCatalog catalog, Clock clock, AgentSdkConfig config) {
        this.redis = redis;
        this.catalog = catalog;
        this.clock = clock;
        this.prefix = config.keyPrefix() + ":{wf-def}:";
    }

    /** Reads, validates and registers a YAML or JSON document; invalid ones are a 422 naming every bad field. */
    public Registration register(byte[] document) {
        DefinitionReader.Result read = DefinitionReader.read(DefinitionDocuments.parse(document));
        if (!read.valid()) {
            throw invalid(read.errors());
        }
        List<FieldError> errors = DefinitionValidator.validate(read.definition(), catalog);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return register(read.definition());
    }

    Registration register(WorkflowDefinition definition) {
        String body = DefinitionDocuments.canonicalJson(definition);
        String hash = DefinitionDocuments.hash(body);
        long now = clock.millis();
        Response reply = REGISTER.run(redis,
                List.of(prefix + "versions:" + definition.name(), prefix + "body:" + hash, prefix + "names", prefix + "registered"),
                List.of(definition.name(), definition.version(), hash, body, String.valueOf(now)));
        String outcome = reply.get(0).toString();
        if (outcome.equals("conflict")) {
            throw new ProblemException(ProblemKind.CONFLICT, "Version " + definition.version() + " of " + definition.name()
                    + " is already registered with other content (" + reply.get(1) + "); register the change as a new version.",
                    List.of(new FieldError("version", "is already registered with other content")), null);
        }
        Instant registeredAt = Instant.ofEpochMilli(Long.parseLong(reply.get(1).toString()));
        return new Registration(outcome.equals("created") ? Outcome.CREATED : Outcome.UNCHANGED,
                new RegisteredDefinition(definition.name(), definition.version(), hash, registeredAt, definition));
    }

    /** A registered version and the content hash it names. */
    public record Version(String name, String version, String hash) {
    }

    /**
     * Which content {@code name} at {@code version} (the latest when null) names, without reading the content: what a
     * start needs, since the compiled content is cached by hash ({@code WorkflowCatalog}).
     */
    public Optional<Version> resolve(String name, String version) {
        String wanted = version != null ? version : redis.hash(String.class).hget(prefix + "names", name);
        if (wanted == null) {
            return Optional.empty();
        }
        String hash = redis.hash(String.class).hget(prefix + "versions:" + name, wanted);
        return hash == null ? Optional.empty() : Optional.of(new Version(name, wanted, hash));
    }

    /** The latest registered version of {@code name}, or the given one, with its content. */
    public Optional<RegisteredDefinition> find(String name, String version) {
        return resolve(name, version).flatMap(v -> byHash(v.hash())
                .map(d -> new RegisteredDefinition(name, v.version(), v.hash(), registeredAt(v.hash()), d)));
    }

    /** The definition content of a hash, for runs pinned to it. */
    public Optional<WorkflowDefinition> byHash(String hash) {
        String body = redis.value(String.class).get(bodyKey(hash));
        return Optional.ofNullable(body).map(DefinitionDocuments::fromCanonicalJson);
    }

    /** The key holding the canonical JSON of a content hash. */
    public String bodyKey(String hash) {
        return prefix + "body:" + hash;
    }

    /** Those of {@code names} that have no registered version. */
    public List<String> unregistered(List<String> names) {
        Map<String, String> latest = redis.hash(String.class).hmget(prefix + "names", names.toArray(String[]::new));
        return names.stream().filter(n -> latest.get(n) == null).toList();
    }

    public List<Summary> list() {
        Map<String, String> names = new TreeMap<>(redis.hash(String.class).hgetall(prefix + "names"));
        List<Summary> summaries = new ArrayList<>();
        names.forEach((name, latest) -> summaries.add(
                new Summary(name, latest, new TreeMap<>(redis.hash(String.class).hgetall(prefix + "versions:" + name)))));
        return summaries;
    }

    private Instant registeredAt(String hash) {
        String ms = redis.hash(String.class).hget(prefix + "registered", hash);
        return ms == null ? null : Instant.ofEpochMilli(Long.parseLong(ms));
    }

    private static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(ProblemKind.VALIDATION, "The workflow definition is invalid.", errors, null);
    }
}
