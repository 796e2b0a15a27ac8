package dev.agentfleet.sdk.invocation;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The metrics every function publishes, all tagged {@code function} and {@code revision}:
 * <ul>
 *   <li>{@code agentfleet.function.invocations} (timer): each call that reached the function, tagged {@code outcome}
 *       = {@code success}, {@code replayed} (a duplicate answered from Redis) or {@code error};</li>
 *   <li>{@code agentfleet.function.errors} (counter): each failed request, also those rejected before the function
 *       ran, tagged {@code kind} (see {@link ProblemKind#tag()}).</li>
 * </ul>
 */
@ApplicationScoped
public class FunctionMetrics {

    /** The function tag for requests that reach no known function. */
    public static final String UNKNOWN_FUNCTION = "unknown";

    private final MeterRegistry registry;
    private final String revision;

    FunctionMetrics(MeterRegistry registry, AgentSdkConfig config) {
        this.registry = registry;
        this.revision = config.revision();
    }

    public void invocation(String function, String outcome, long nanos) {
        Timer.builder("agentfleet.function.invocations")
                .description("Function invocations, by outcome")
                .tag("function", function)
                .tag("revision", revision)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void error(String function, ProblemKind kind) {
        Counter.builder("agentfleet.function.errors")
                .description("Failed function requests, by kind")
                .tag("function", function)
                .tag("revision", revision)
                .tag("kind", kind.tag())
                .register(registry)
                .increment();
    }
}
