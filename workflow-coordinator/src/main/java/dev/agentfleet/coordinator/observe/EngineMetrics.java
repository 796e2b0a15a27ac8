package dev.agentfleet.coordinator.observe;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.run.Transition;
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
 *   <li>{@code agentfleet.workflow.transitions{transition}}: every {@link Transition} taken.</li>
 * </ul>
 */
@ApplicationScoped
public class EngineMetrics {

    private final MeterRegistry registry;

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void transition(Transition transition) {
        registry.counter("agentfleet.workflow.transitions", "transition", transition.tag()).increment();
    }

    public double transitions(Transition transition) {
        var counter = registry.find("agentfleet.workflow.transitions").tag("transition", transition.tag()).counter();
        return counter == null ? 0 : counter.count();
    }

    public void runStarted(String workflow) {
        registry.counter("agentfleet.workflow.runs.started", "workflow", workflow).increment();
    }

    public void runFinished(String workflow, String status) {
        registry.counter("agentfleet.workflow.runs.finished", "workflow", workflow, "status", status).increment();
    }

    public void activeRuns(Supplier<Number> active) {
        Gauge.builder("agentfleet.workflow.runs.active", active).description("runs this replica drives").register(registry);
    }

    public void stepSettled(String workflow, String step, String function, String outcome, long millis, int attempts) {
        Timer.builder("agentfleet.workflow.step.duration").tags("workflow", workflow, "step", step, "function", function,
                "outcome", outcome).publishPercentileHistogram().register(registry).record(millis, TimeUnit.MILLISECONDS);
        DistributionSummary.builder("agentfleet.workflow.step.attempts").tags("workflow", workflow, "step", step, "function", function)
                .register(registry).record(attempts);
    }

    public void overhead(String workflow, long nanos) {
        Timer.builder("agentfleet.workflow.step.overhead").tag("workflow", workflow).publishPercentiles(0.5, 0.99)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void circuit(String function, Supplier<Number> state) {
        Gauge.builder("agentfleet.workflow.circuit.state", state).tag("function", function)
                .description("0 closed, 1 half-open, 2 open").register(registry);
    }
}
