package dev.agentfleet.sdk.invocation;

import java.util.ArrayList;
import java.util.List;

import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads the CloudEvent of an HTTP request with the CloudEvents SDK: binary mode (ce-* headers, the body is the data)
 * or structured mode (the whole event as {@code application/cloudevents+json}). Shared by the function guard and by
 * other routes that take CloudEvents (the coordinator's dead-letter sink).
 */
public final class CloudEventRequests {

    public static final String STRUCTURED = "application/cloudevents+json";
    /** Several events in one request (the HTTP binding's batched mode): not accepted anywhere in the fleet. */
    public static final String BATCH = "application/cloudevents-batch+json";
    /** The attributes every CloudEvent has, as binary-mode headers. */
    public static final List<String> REQUIRED_HEADERS = List.of("ce-specversion", "ce-id", "ce-source", "ce-type");

    private CloudEventRequests() {
    }

    /**
     * Binary mode: any of the required attribute headers is present. A request carrying some but not all of them is
     * a broken CloudEvent (see {@link #missingHeaders}), not a plain HTTP call.
     */
    public static boolean isBinary(RoutingContext rc) {
        for (String header : REQUIRED_HEADERS) {
            if (rc.request().headers().contains(header)) {
                return true;
            }
        }
        return false;
    }

    /** The required attribute headers a binary-mode request lacks (or sends empty), each as a field error. */
    public static List<FieldError> missingHeaders(RoutingContext rc) {
        List<FieldError> missing = new ArrayList<>();
        for (String header : REQUIRED_HEADERS) {
            String value = rc.request().getHeader(header);
            if (value == null || value.isBlank()) {
                missing.add(new FieldError(header, "is required in binary mode"));
            }
        }
        return missing;
    }

    public static boolean isStructured(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        return contentType != null && contentType.regionMatches(true, 0, STRUCTURED, 0, STRUCTURED.length());
    }

    public static boolean isBatch(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        return contentType != null && contentType.regionMatches(true, 0, BATCH, 0, BATCH.length());
    }

    /** The refusal of a batch, the same wherever CloudEvents are taken. */
    public static ProblemException batchRefused() {
        return new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE,
                "Batches of CloudEvents are not accepted: send one event per request (binary or structured mode).",
                List.of(new FieldError("Content-Type", "must not be " + BATCH)), null);
    }

    /**
     * The event; null when a structured body is JSON {@code null}. An invalid event fails with the SDK's
     * RuntimeException (its message says what is wrong).
     */
    public static CloudEvent read(RoutingContext rc, boolean binary) {
        return read(rc.request().headers(), rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes(), binary);
    }

    /** The event of a request given as its headers and body (what a function receives; used by callers' contract tests). */
    public static CloudEvent read(io.vertx.core.MultiMap headers, byte[] body, boolean binary) {
        return binary ? HttpMessageFactory.createReader(header -> headers.forEach(header), body).toEvent()
                : new JsonFormat().deserialize(body);
    }
}
