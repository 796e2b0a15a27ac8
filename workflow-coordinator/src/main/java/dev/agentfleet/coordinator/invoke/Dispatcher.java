package dev.agentfleet.coordinator.invoke;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.observe.RunTracing;
import dev.agentfleet.coordinator.run.FailureKind;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;

/**
 * Sends the calls of step attempts and compensation attempts. The one place their delivery keys are made:
 * {@code <runId>/<step>/<attempt>} and {@code <runId>/<step>/compensate/<attempt>}, sent as the CloudEvent's
 * {@code id} and {@code idempotencykey}, on which the functions deduplicate (agent-sdk), so a call sent again after a
 * crash or a 409 is answered once. A step attempt first asks the function's circuit breaker: while it is open the call
 * fails at once as {@code unavailable} without leaving. Every call is a client span of the run's trace.
 */
@ApplicationScoped
public class Dispatcher {

    /** How a call ended, and when its answer arrived (System.nanoTime). */
    public record Answer(CallOutcome outcome, long answeredAtNanos) {
    }

    /** Where the answer goes; called on whichever thread the call completed. */
    public interface Answered {
        void accept(Answer answer);
    }

    private final FunctionInvoker invoker;
    private final CircuitBreakers breakers;
    private final RunTracing tracing;

    Dispatcher(FunctionInvoker invoker, CircuitBreakers breakers, RunTracing tracing) {
        this.invoker = invoker;
        this.breakers = breakers;
        this.tracing = tracing;
    }

    /** The delivery key of an attempt (a compensation attempt when {@code compensation}). */
    public static String deliveryKey(String runId, String step, int attempt, boolean compensation) {
        return runId + "/" + step + (compensation ? "/compensate/" : "/") + attempt;
    }

    /** Sends a step attempt, unless the function's circuit is open (then the answer is that failure, at once). */
    public FunctionInvoker.Call attempt(String runId, String traceparent, String step, int attempt, String function, JsonNode input,
            Duration timeout, long now, Answered answered) {
        FunctionInvoker.Call call = new FunctionInvoker.Call();
        Future<Boolean> permit = breakers.permit(function, now);
        Runnable go = () -> {
            if (permit.succeeded() && !permit.result()) {
                answered.accept(new Answer(CallOutcome.circuitOpen(function), System.nanoTime()));
            } else if (!call.cancelled()) {
                send(call, runId, traceparent, step, attempt, false, function, input, timeout, answered);
            }
        };
        if (permit.isComplete()) {
            go.run(); // the common case (a closed circuit, known locally): the call leaves now
        } else {
            permit.onComplete(ar -> go.run());
        }
        return call;
    }

    /** Sends a compensation attempt (compensations do not ask the breaker: undoing must be tried). */
    public FunctionInvoker.Call compensation(String runId, String traceparent, String step, int attempt, String function,
            JsonNode input, Duration timeout, Answered answered) {
        FunctionInvoker.Call call = new FunctionInvoker.Call();
        send(call, runId, traceparent, step, attempt, true, function, input, timeout, answered);
        return call;
    }

    private void send(FunctionInvoker.Call call, String runId, String traceparent, String step, int attempt, boolean compensation,
            String function, JsonNode input, Duration timeout, Answered answered) {
        Span span = tracing.attempt(traceparent, step, attempt, function);
        invoker.call(function, input, deliveryKey(runId, step, attempt, compensation), RunTracing.traceparent(span), timeout, call)
                .onComplete(ar -> {
                    long at = System.nanoTime();
                    CallOutcome outcome = ar.succeeded() ? ar.result()
                            : CallOutcome.failure(FailureKind.UNAVAILABLE, String.valueOf(ar.cause().getMessage()), null, 0);
                    RunTracing.end(span, outcome.succeeded() ? null : outcome.failure().message());
                    answered.accept(new Answer(outcome, at));
                });
    }
}
