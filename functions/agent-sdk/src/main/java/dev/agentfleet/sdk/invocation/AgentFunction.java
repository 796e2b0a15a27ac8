package dev.agentfleet.sdk.invocation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Put on a {@code @Funq} method (or its class) to give it agentfleet's conventions: the invocation is counted and
 * timed, runs in its own OpenTelemetry span (child of an incoming {@code traceparent}), and a redelivered CloudEvent
 * or a repeated {@code Idempotency-Key} returns the first result from Redis instead of running again.
 *
 * <pre>{@code
 * @Funq("analyze-series")
 * @AgentFunction
 * public SeriesAnalysis analyzeSeries(@Valid @NotNull SeriesRequest request) { return service.analyze(request); }
 * }</pre>
 *
 * The method must return its result directly (not a {@code Uni}) so a duplicate can be answered with it.
 */
@InterceptorBinding
@Inherited
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface AgentFunction {

    /** Whether duplicate deliveries are answered from Redis; false for functions that must always run. */
    @Nonbinding
    boolean idempotent() default true;
}
