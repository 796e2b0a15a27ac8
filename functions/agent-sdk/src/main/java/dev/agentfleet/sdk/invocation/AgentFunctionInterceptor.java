package dev.agentfleet.sdk.invocation;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.idempotency.IdempotencyStore;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.problem.Problems;
import dev.agentfleet.sdk.text.Digests;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.quarkus.funqy.Funq;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs around every {@link AgentFunction}: a span, a timer sample and, for a delivery with a key, the
 * claim/complete/release protocol of {@link IdempotencyStore}. It sits outside Hibernate Validator's interceptor, so
 * rejected input is timed and traced as an error too.
 */
@AgentFunction
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class AgentFunctionInterceptor {

    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @Inject
    CurrentVertxRequest currentRequest;
    @Inject
    FunctionMetrics metrics;
    @Inject
    IdempotencyStore idempotency;
    @Inject
    AgentSdkConfig config;
    @Inject
    ObjectMapper mapper;
    @Inject
    Tracer tracer;
    @Inject
    OpenTelemetry openTelemetry;

    @AroundInvoke
    Object invoke(InvocationContext ic) throws Exception {
        RoutingContext rc = currentRequest.getCurrent();
        InvocationRequest request = rc == null ? null : rc.get(InvocationRequest.KEY);
        String function = request != null ? request.function() : nameOf(ic.getMethod());
        Span span = startSpan(function, request, rc);
        long start = System.nanoTime();
        String outcome = "error";
        try (Scope ignored = span.makeCurrent()) {
            boolean idempotent = config.idempotency().enabled() && annotation(ic.getMethod()).idempotent();
            if (idempotent && request != null && request.deliveryKey().isPresent()) {
                Result result = invokeOnce(ic, function, request);
                outcome = result.replayed() ? "replayed" : "success";
                span.setAttribute("agentfleet.replayed", result.replayed());
                return result.value();
            }
            Object value = ic.proceed();
            outcome = "success";
            return value;
        } catch (Exception e) {
            ProblemKind kind = Problems.fromThrowable(e).kind();
            span.setAttribute("agentfleet.problem.kind", kind.tag());
            span.setStatus(StatusCode.ERROR, kind.tag());
            if (kind == ProblemKind.INTERNAL) {
                span.recordException(e);
            }
            throw e;
        } finally {
            span.end();
            metrics.invocation(function, outcome, System.nanoTime() - start);
        }
    }

    private record Result(Object value, boolean replayed) {
    }

    private Result invokeOnce(InvocationContext ic, String function, InvocationRequest request) throws Exception {
        String digest = Digests.sha256Hex(mapper.writeValueAsString(ic.getParameters()));
        IdempotencyStore.Claim claim = idempotency.claim(function, request.deliveryKey().orElseThrow(), digest);
        if (claim instanceof IdempotencyStore.Mismatch) {
            String field = request.idempotencyKey() != null ? InvocationRequest.IDEMPOTENCY_HEADER : "id";
            throw new ProblemException(ProblemKind.CONFLICT, "This delivery's key was used for a request with another input; "
                    + "a new request needs a new key.", List.of(new FieldError(field, "was used for another input")), null);
        }
        if (claim instanceof IdempotencyStore.Completed completed) {
            Object first = mapper.readerFor(mapper.constructType(ic.getMethod().getGenericReturnType()))
                    .readValue(completed.resultJson());
            return new Result(first, true);
        }
        if (claim instanceof IdempotencyStore.Claimed claimed) {
            Object value;
            try {
                value = ic.proceed();
            } catch (Exception e) {
                idempotency.release(claimed);
                throw e;
            }
            idempotency.complete(claimed, mapper.writeValueAsString(value));
            return new Result(value, false);
        }
        throw new ProblemException(ProblemKind.DUPLICATE_IN_FLIGHT,
                "An earlier delivery of this event is still being processed; retry later to get its result.");
    }

    private Span startSpan(String function, InvocationRequest request, RoutingContext rc) {
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isValid() && rc != null) {
            // Funqy runs the function on a worker thread where the server span may not be current: take the
            // caller's traceparent from the request itself.
            parent = openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), rc.request().headers(), HEADERS);
        }
        var builder = tracer.spanBuilder("invoke " + function).setParent(parent)
                .setAttribute("faas.name", function)
                .setAttribute("faas.version", config.revision());
        if (request != null) {
            builder.setAttribute("faas.trigger", request.mode() == InvocationRequest.Mode.HTTP ? "http" : "pubsub")
                    .setAttribute("agentfleet.invocation.mode", request.mode().tag());
            if (request.eventId() != null) {
                builder.setAttribute("cloudevents.event_id", request.eventId())
                        .setAttribute("cloudevents.event_source", request.eventSource())
                        .setAttribute("cloudevents.event_type", request.eventType());
            }
        }
        return builder.startSpan();
    }

    private static AgentFunction annotation(Method method) {
        AgentFunction onMethod = method.getAnnotation(AgentFunction.class);
        return onMethod != null ? onMethod : method.getDeclaringClass().getAnnotation(AgentFunction.class);
    }

    private static String nameOf(Method method) {
        Funq funq = method.getAnnotation(Funq.class);
        return funq != null && !funq.value().isEmpty() ? funq.value() : method.getName();
    }
}
