package dev.agentfleet.coordinator.engine;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.definition.StepDefinition;
import dev.agentfleet.coordinator.engine.core.RunCore;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.region.RegionRole;
import dev.agentfleet.coordinator.observe.RunTracing;
import dev.agentfleet.coordinator.run.HistoryEvent;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.Signal;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.coordinator.store.script.RunStartScript;
import dev.agentfleet.coordinator.store.script.StartRateScript;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.text.Digests;

/**
 * Starting runs, and what people ask of them afterwards (cancel, pause, resume, redrive, signals), for the HTTP API
 * and the CloudEvent entry points (any thread; blocks briefly on Redis).
 *
 * <p>A start resolves the workflow (latest version unless one is named), checks the input against its JSON Schema and
 * writes the run pinned to the definition's content hash. With an idempotency key the run goes to the partition the
 * key hashes to, and the same key returns the same run (another request under it is a conflict); without one it goes
 * to a partition this replica owns, so it starts without a hand-over. Keys are scoped to the starter: another
 * subject's identical key starts its own run and learns nothing of the first.
 */
@ApplicationScoped
public class RunControl {

    public static final int MAX_KEY_LENGTH = 256;

    /**
     * What to start. {@code version} null means the latest; {@code startedBy} is who asks ({@code user:<name>} or
     * {@code event:<source>}), the scope of the idempotency key; {@code traceparent} continues the caller's trace.
     */
    public record StartCommand(String workflow, String version, JsonNode input, String idempotencyKey, String startedBy,
            String traceparent, Parent parent) {

        public StartCommand(String workflow, String version, JsonNode input, String idempotencyKey, String startedBy, String traceparent) {
            this(workflow, version, input, idempotencyKey, startedBy, traceparent, null);
        }
    }

    /**
     * The run and step a sub-workflow's run is started by ({@code step} is the step's or the map item's address), and the
     * child's depth in the run tree. A child start is not rate-limited (its top-level run's start was).
     */
    public record Parent(String runId, String step, int depth) {
        String link() {
            return runId + "/" + step;
        }
    }

    /**
     * The run: new, or the one the idempotency key started before. {@code fields} is a new run's hash as written (null
     * for an existing run, which has moved on since).
     */
    public record Started(String runId, boolean created, DefinitionRegistry.Version definition, Map<String, String> fields) {
    }

    private final RegionRole region;
    private final DefinitionRegistry registry;
    private final WorkflowCatalog catalog;
    private final RunStore store;
    private final Engine engine;
    private final EngineLoop loop;
    private final PartitionOwner owner;
    private final EngineMetrics metrics;
    private final RunTracing tracing;
    private final Clock clock;
    private final CoordinatorConfig.StartRate rate;
    private final int maxRedrives;

    RunControl(DefinitionRegistry registry, WorkflowCatalog catalog, RunStore store, Engine engine, EngineLoop loop,
            PartitionOwner owner, EngineMetrics metrics, RunTracing tracing, Clock clock, CoordinatorConfig config, RegionRole region) {
        this.region = region;
        this.registry = registry;
        this.catalog = catalog;
        this.store = store;
        this.engine = engine;
        this.loop = loop;
        this.owner = owner;
        this.metrics = metrics;
        this.tracing = tracing;
        this.clock = clock;
        this.rate = config.startRate();
        this.maxRedrives = config.engine().maxRedrives();
    }

    public Started start(StartCommand command) {
        region.requireActive();
        String key = command.idempotencyKey();
        if (key != null && (key.isBlank() || key.length() > MAX_KEY_LENGTH)) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The idempotency key is invalid.",
                    List.of(new FieldError("idempotencyKey", "must be 1 to " + MAX_KEY_LENGTH + " characters")), null);
        }
        if (command.parent() == null) {
            takeStartToken(command.startedBy());
        } else if (command.parent().depth() > StepDefinition.ChildWorkflow.MAX_DEPTH) {
            throw new ProblemException(ProblemKind.VALIDATION, "Runs nest at most " + StepDefinition.ChildWorkflow.MAX_DEPTH
                    + " levels deep; this child would be at level " + command.parent().depth() + ".",
                    List.of(new FieldError("workflow", "would nest runs too deep")), null);
        }
        DefinitionRegistry.Version definition = registry.resolve(command.workflow(), command.version()).orElseThrow(() -> new ProblemException(
                ProblemKind.NOT_FOUND, command.version() == null ? "No workflow named " + command.workflow() + " is registered."
                        : "Workflow " + command.workflow() + " has no version " + command.version() + ".",
                List.of(new FieldError(command.version() == null ? "workflow" : "version", "is not registered")), null));
        CompiledWorkflow workflow = catalog.byHashBlocking(definition.hash());
        JsonNode input = command.input() == null ? NullNode.getInstance() : command.input();
        List<FieldError> errors = workflow.validateInput(input);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION, "The input does not match the input schema of " + definition.name()
                    + " version " + definition.version() + ".", errors, null);
        }

        long now = clock.millis();
        int partition = key != null ? store.keys().partitionOfKey(command.startedBy(), key) : owner.pickPartition();
        String runId = store.keys().newRunId(partition);
        Long deadlineAt = workflow.definition().deadline() == null ? null : now + workflow.definition().deadline().toMillis();
        String traceparent = tracing.startRun(definition.name(), runId, command.traceparent());
        Run run = Run.start(runId, definition.name(), definition.version(), definition.hash(), input, now, deadlineAt, key,
                command.startedBy(), traceparent, workflow.stepIds());
        if (command.parent() != null) {
            run.childOf(command.parent().link(), command.parent().depth());
        }
        String lease = owner.leaseOf(partition);
        String startedEvent = Run.json(RunCore.started(now));
        // Taken before the engine may touch the run (adoptNew below), so the answer shows the run as created.
        Map<String, String> fields = run.fields();
        RunStartScript.Result started = await(store.start(fields, partition, lease, requestHash(command, input), startedEvent, now)
                .toCompletionStage().toCompletableFuture());
        switch (started.outcome()) {
            case CREATED -> {
                metrics.runStarted(definition.name());
                metrics.transition(RunTransition.RUN_STARTED);
                loop.run(() -> engine.adoptNew(run, partition, workflow));
                return new Started(runId, true, definition, fields);
            }
            case QUEUED -> {
                metrics.runStarted(definition.name());
                metrics.transition(RunTransition.RUN_STARTED);
                return new Started(runId, true, definition, fields);
            }
            case EXISTING -> {
                return new Started(started.runId(), false, definition, null);
            }
            default -> throw new ProblemException(ProblemKind.CONFLICT, "The idempotency key already started run "
                    + started.runId() + " with another request.",
                    List.of(new FieldError("idempotencyKey", "was used for another workflow, version or input")), null);
        }
    }

    /**
     * Asks the run's owner to cancel (it compensates and finishes CANCELLED), pause (no new attempt starts; calls in
     * flight finish and are recorded; the deadline keeps running) or resume it. {@code by} is who asks, for the history.
     */
    public RunRequestScript.Result request(String runId, RunRequestScript.Action action, String by) {
        region.requireActive();
        long now = clock.millis();
        RunEvent event = switch (action) {
            case CANCEL -> RunEvent.REQUEST_CANCEL;
            case PAUSE -> RunEvent.REQUEST_PAUSE;
            case RESUME -> RunEvent.REQUEST_RESUME;
        };
        RunRequestScript.Result result = await(store.request(runId, action, by, entries(now, event, by), now)
                .toCompletionStage().toCompletableFuture());
        accepted(runId, result, event);
        return result;
    }

    /**
     * Asks the run's owner to continue a failed or cancelled run from where it stopped, under the definition it is
     * pinned to (see {@code Redrives}); at most {@code engine.max-redrives} times per run.
     */
    public RunRequestScript.Result redrive(String runId, String by) {
        region.requireActive();
        List<Map<String, String>> found = store.keys().partitionOf(runId) < 0 ? List.of()
                : await(store.load(List.of(runId)).toCompletionStage().toCompletableFuture());
        if (found.isEmpty()) {
            return new RunRequestScript.Result(RunRequestScript.Outcome.MISSING, null);
        }
        long now = clock.millis();
        HistoryEvent failed = RunCore.requested(now, RunStatus.FAILED, RunEvent.REQUEST_REDRIVE, by);
        HistoryEvent cancelled = RunCore.requested(now, RunStatus.CANCELLED, RunEvent.REQUEST_REDRIVE, by);
        RunRequestScript.Result result = await(store.redrive(runId, found.get(0).get("startedBy"), found.get(0).get("idempotencyKey"),
                maxRedrives, by, new RunRequestScript.Entries(Run.json(failed), Run.json(cancelled)), now)
                .toCompletionStage().toCompletableFuture());
        accepted(runId, result, RunEvent.REQUEST_REDRIVE);
        return result;
    }

    /**
     * Sends the signal {@code name} to a run, for the step that waits for it (now or once reached). Its payload must
     * match the step's schema (422 naming the field); sending the same {@code signalId} again is a repeat.
     */
    public RunRequestScript.Result signal(String runId, String name, String signalId, JsonNode payload, String by) {
        region.requireActive();
        CompiledWorkflow.Step step = stepAwaiting(runId, name);
        JsonNode body = payload == null ? NullNode.getInstance() : payload;
        List<FieldError> errors = step.validateSignal(body);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemKind.VALIDATION, "The payload of signal " + name + " does not match the schema of step "
                    + step.id() + ".", errors, null);
        }
        long now = clock.millis();
        String json = Run.json(new Signal(signalId, body, by, now));
        RunRequestScript.Result result = await(store.signal(runId, name, json, signalId, step.id(), entries(now, RunEvent.RECEIVE_SIGNAL, by))
                .toCompletionStage().toCompletableFuture());
        accepted(runId, result, RunEvent.RECEIVE_SIGNAL);
        return result;
    }

    /** The step of the run's pinned definition that waits for {@code name}: 404 naming the field when none or no run. */
    public CompiledWorkflow.Step stepAwaiting(String runId, String name) {
        List<Map<String, String>> found = store.keys().partitionOf(runId) < 0 ? List.of()
                : await(store.load(List.of(runId)).toCompletionStage().toCompletableFuture());
        if (found.isEmpty()) {
            throw new ProblemException(ProblemKind.NOT_FOUND, "No run " + runId + ".", List.of(new FieldError("id", "names no run")), null);
        }
        CompiledWorkflow workflow = catalog.byHashBlocking(found.get(0).get("hash"));
        return workflow.stepAwaiting(name).orElseThrow(() -> new ProblemException(ProblemKind.NOT_FOUND, "No step of run " + runId
                + " (" + workflow.definition().name() + " version " + workflow.definition().version() + ") waits for signal " + name + ".",
                List.of(new FieldError("name", "is not awaited by this run's workflow")), null));
    }

    private static RunRequestScript.Entries entries(long now, RunEvent request, String by) {
        HistoryEvent running = RunCore.requested(now, RunStatus.RUNNING, request, by);
        HistoryEvent paused = RunCore.requested(now, RunStatus.PAUSED, request, by);
        return new RunRequestScript.Entries(running == null ? "" : Run.json(running), paused == null ? "" : Run.json(paused));
    }

    /** Counts an accepted request's move and prompts this replica's engine at once, should it drive the run. */
    private void accepted(String runId, RunRequestScript.Result result, RunEvent request) {
        if (result.outcome() == RunRequestScript.Outcome.ACCEPTED) {
            metrics.transition(RunTransition.of(RunStatus.valueOf(result.detail()), request));
            loop.run(() -> engine.controlled(runId));
        }
    }

    /** The starter's rate limit, shared by every replica: 429 + Retry-After beyond it. */
    private void takeStartToken(String startedBy) {
        if (rate.perSecond() <= 0 || startedBy == null) {
            return;
        }
        StartRateScript.Result token = await(store.takeStart(startedBy, rate.perSecond(), Math.max(1, rate.burst()), clock.millis())
                .toCompletionStage().toCompletableFuture());
        if (!token.taken()) {
            metrics.startRateLimited();
            long seconds = Math.max(1, (token.waitMs() + 999) / 1000);
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, "Too many starts: at most " + rate.perSecond()
                    + " per second (bursts of " + rate.burst() + ") per caller; retry in " + seconds + " s.", List.of(), null, seconds);
        }
    }

    private static String requestHash(StartCommand command, JsonNode input) {
        return Digests.sha256Hex(command.workflow() + "\n" + (command.version() == null ? "(latest)" : command.version()) + "\n"
                + Run.json(input));
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE, "Redis did not answer in time.", List.of(), e);
        }
    }
}
