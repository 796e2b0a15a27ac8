package dev.agentfleet.coordinator.observe;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * One trace per run: a {@code workflow <name>} span when the run starts (its context is stored with the run, so every
 * replica continues the same trace), and under it one client span per step attempt, whose context travels to the
 * function as {@code traceparent}. With the OpenTelemetry SDK off (the default outside Knative) all of this is a no-op.
 */
@ApplicationScoped
public class RunTracing {

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;

    RunTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the run's trace; answers its {@code traceparent}, or null when tracing is off. */
    public String startRun(String workflow, String runId, String incomingTraceparent) {
        Span span = tracer.spanBuilder("workflow " + workflow).setParent(context(incomingTraceparent))
                .setAttribute("agentfleet.run", runId).setAttribute("agentfleet.workflow", workflow).startSpan();
        try {
            return traceparent(Context.root().with(span));
        } finally {
            span.end();
        }
    }

    /** A span for one attempt of a step, child of the run's span. */
    public Span attempt(String runTraceparent, String step, int attempt, String function) {
        return tracer.spanBuilder("step " + step).setSpanKind(SpanKind.CLIENT).setParent(context(runTraceparent))
                .setAttribute("agentfleet.step", step).setAttribute("agentfleet.attempt", attempt)
                .setAttribute("agentfleet.function", function).startSpan();
    }

    public static String traceparent(Span span) {
        return traceparent(Context.root().with(span));
    }

    public static void end(Span span, String failure) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure);
        }
        span.end();
    }

    private static Context context(String traceparent) {
        if (traceparent == null || traceparent.isEmpty()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), Map.of("traceparent", traceparent), GETTER);
    }

    private static String traceparent(Context context) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier.get("traceparent");
    }
}
