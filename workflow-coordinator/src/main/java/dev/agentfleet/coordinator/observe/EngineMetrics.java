package dev.agentfleet.coordinator.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.engine.core.Decision;
import dev.agentfleet.coordinator.run.Transition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The coordinator's metrics (Prometheus at {@code /q/metrics}):
 * <ul>
 *   <li>{@code agentfleet.workflow.runs.started{workflow}}, {@code agentfleet.workflow.runs.finished{workflow,status}};</li>
 *   <li>{@code agentfleet.workflow.runs.active}: runs this replica drives now;</li>
 *   <li>{@code agentfleet.workflow.step.duration{workflow,step,function,outcome}} (first attempt start to settle),
 *       {@code agentfleet.workflow.step.attempts{workflow,step,function}};</li>
 *   <li>{@code agentfleet.workflow.step.overhead{workflow}}: the coordinator's own time per step (from ready to the
 *       call leaving, plus from the answer to its commit);</li>
 *   <li>{@code agentfleet.workflow.circuit.state{function}}: 0 closed, 1 half-open, 2 open;</li>
 *   <li>{@code agentfleet.workflow.transitions{transition}}: every move of the transition tables (steps, map items,
 *       runs and circuits);</li>
 *   <li>{@code agentfleet.workflow.map.items{workflow,outcome}}: map items settled, {@code succeeded} or {@code failed};</li>
 *   <li>{@code agentfleet.workflow.children.started{workflow}}: child runs started by sub-workflow steps, by the child's
 *       workflow.</li>
 * </ul>
 */
@ApplicationScoped
public class EngineMetrics {

    private final MeterRegistry registry;
    /** Meters on the engine's hot path, built once per tag combination (the registry's lookup costs more than the record). */
    private final Map<Transition, Counter> transitions = new ConcurrentHashMap<>();
    private final Map<String, StepMeters> stepMeters = new ConcurrentHashMap<>();
    private final Map<String, Timer> overheads = new ConcurrentHashMap<>();
    private final Counter fenced;
    private final Counter regionClaims;
    private final Counter partitionsTaken;

    private record StepMeters(Timer succeeded, Timer failed, DistributionSummary attempts) {
    }

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        // At 0 from the start, so an alert can say "went up".
        this.fenced = registry.counter("agentfleet.workflow.commits.fenced");
        this.regionClaims = registry.counter("agentfleet.coordinator.region.claims");
        this.partitionsTaken = registry.counter("agentfleet.coordinator.partitions.taken");
    }

    /** Registers a table's moves, so each series exists (at 0) before its first move. */
    public void table(Transition... table) {
        for (Transition t : table) {
            counter(t);
        }
    }

    public void transition(Transition transition) {
        counter(transition).increment();
    }

    private Counter counter(Transition t) {
        return transitions.computeIfAbsent(t, k -> registry.counter("agentfleet.workflow.transitions", "transition", k.tag()));
    }

    public double transitions(Transition transition) {
        var counter = registry.find("agentfleet.workflow.transitions").tag("transition", transition.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * What a committed decision moved: its transitions, the steps it settled, the run's end, and the engine's overhead
     * for each answered step ({@code overhead}: nanoseconds spent on it so far, by step; the answered ones are taken).
     */
    public void committed(String workflow, Decision decision, Map<String, Long> overhead) {
        decision.transitions().forEach(this::transition);
        decision.settledSteps().forEach(s -> stepSettled(workflow, s.step(), s.function(), s.outcome(), s.millis(), s.attempts()));
        if (decision.finishedWith() != null) {
            runFinished(workflow, decision.finishedWith().name().toLowerCase());
        }
        decision.itemsSettled().forEach((outcome, n) -> registry.counter("agentfleet.workflow.map.items", "workflow", workflow,
                "outcome", outcome).increment(n));
        if (!decision.answeredSteps().isEmpty()) {
            long now = System.nanoTime();
            decision.answeredSteps().forEach((step, answered) -> overhead(workflow, overhead.getOrDefault(step, 0L) + now - answered));
            overhead.keySet().removeAll(decision.answeredSteps().keySet());
        }
    }

    public void runStarted(String workflow) {
        registry.counter("agentfleet.workflow.runs.started", "workflow", workflow).increment();
    }

    /** A sub-workflow step started a run of {@code workflow} (not counted again when an attempt finds its child). */
    public void childStarted(String workflow) {
        registry.counter("agentfleet.workflow.children.started", "workflow", workflow).increment();
    }

    /** A start refused by the per-subject start rate (no subject tag: subjects are unbounded). */
    public void startRateLimited() {
        registry.counter("agentfleet.workflow.starts.rate-limited").increment();
    }

    /**
     * A commit Redis refused because the partition's lease moved on: this replica was paused, cut off or slow past its
     * lease, and another one owns the run now. Its decision is dropped, with every effect it would have had.
     */
    public void commitFenced() {
        fenced.increment();
    }

    /** A completion event sent to the sink: {@code delivered} (2xx) or {@code failed} (sent again later). */
    public void completionEvent(boolean delivered) {
        registry.counter("agentfleet.workflow.completion-events", "outcome", delivered ? "delivered" : "failed").increment();
    }

    /** 1 while this replica's region stands by (a backup region, or one that lost the active role), else 0. */
    public void regionStandby(Supplier<Number> standby) {
        Gauge.builder("agentfleet.coordinator.region.standby", standby).strongReference(true).register(registry);
    }

    /** This replica claimed the region for its own after a promotion of its Redis (a failover or failback). */
    public void regionClaimed() {
        regionClaims.increment();
    }

    /** A partition taken over: free, released by another replica, expired with a dead one, or from an older region. */
    public void partitionTaken() {
        partitionsTaken.increment();
    }

    /** Partitions this replica owns now. */
    public void partitionsOwned(Supplier<Number> owned) {
        Gauge.builder("agentfleet.coordinator.partitions.owned", owned).strongReference(true)
                .register(registry);
    }

    public void runFinished(String workflow, String status) {
        registry.counter("agentfleet.workflow.runs.finished", "workflow", workflow, "status", status).increment();
    }

    /** A run set aside because it cannot be read or resumed; {@code cause}: unreadable, definition-missing, undecidable. */
    public void runQuarantined(String cause) {
        registry.counter("agentfleet.workflow.runs.quarantined", "cause", cause).increment();
    }

    public void activeRuns(Supplier<Number> active) {
        Gauge.builder("agentfleet.workflow.runs.active", active).description("runs this replica drives").register(registry);
    }

    /** Runs this replica drives that wait for a person's signal, and runs paused. */
    public void steeredRuns(Supplier<Number> waiting, Supplier<Number> paused) {
        Gauge.builder("agentfleet.workflow.runs.waiting", waiting).description("runs with a step waiting for its signal").register(registry);
        Gauge.builder("agentfleet.workflow.runs.paused", paused).description("runs paused").register(registry);
    }

    public void stepSettled(String workflow, String step, String function, String outcome, long millis, int attempts) {
        StepMeters meters = stepMeters.computeIfAbsent(workflow + '\n' + step + '\n' + function, k -> new StepMeters(
                stepTimer(workflow, step, function, "succeeded"), stepTimer(workflow, step, function, "failed"),
                DistributionSummary.builder("agentfleet.workflow.step.attempts").tags("workflow", workflow, "step", step,
                        "function", function).register(registry)));
        Timer timer = switch (outcome) {
            case "succeeded" -> meters.succeeded();
            case "failed" -> meters.failed();
            default -> stepTimer(workflow, step, function, outcome);
        };
        timer.record(millis, TimeUnit.MILLISECONDS);
        meters.attempts().record(attempts);
    }

    private Timer stepTimer(String workflow, String step, String function, String outcome) {
        return Timer.builder("agentfleet.workflow.step.duration").tags("workflow", workflow, "step", step, "function", function,
                "outcome", outcome).publishPercentileHistogram().register(registry);
    }

    public void overhead(String workflow, long nanos) {
        overheads.computeIfAbsent(workflow, w -> Timer.builder("agentfleet.workflow.step.overhead").tag("workflow", w)
                .publishPercentiles(0.5, 0.99).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void circuit(String function, Supplier<Number> state) {
        Gauge.builder("agentfleet.workflow.circuit.state", state).tag("function", function)
                .description("0 closed, 1 half-open, 2 open").register(registry);
    }
}
