package dev.agentfleet.sdk.invocation;

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

    private CloudEventRequests() {
    }

    public static boolean isBinary(RoutingContext rc) {
        return rc.request().headers().contains("ce-id");
    }

    public static boolean isStructured(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        return contentType != null && contentType.startsWith(STRUCTURED);
    }

    /**
     * The event; null when a structured body is JSON {@code null}. An invalid event fails with the SDK's
     * RuntimeException (its message says what is wrong).
     */
    public static CloudEvent read(RoutingContext rc, boolean binary) {
        byte[] body = rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        return binary ? HttpMessageFactory.createReader(header -> rc.request().headers().forEach(header), body).toEvent()
                : new JsonFormat().deserialize(body);
    }
}
