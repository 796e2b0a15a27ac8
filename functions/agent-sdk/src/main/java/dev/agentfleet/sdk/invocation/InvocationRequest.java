package dev.agentfleet.sdk.invocation;

import java.util.Optional;

import io.cloudevents.CloudEvent;

/**
 * What the SDK learned about one request before Funqy dispatched it: the function it reaches, how it arrived and
 * the attributes that identify its delivery. Stored on the Vert.x routing context under {@link #KEY}.
 *
 * @param function       the function name, as Funqy registered it
 * @param mode           plain HTTP or a CloudEvent (binary or structured)
 * @param eventId        the CloudEvent {@code id}, or null for plain HTTP
 * @param eventSource    the CloudEvent {@code source}, or null for plain HTTP
 * @param eventType      the CloudEvent {@code type}, or null for plain HTTP
 * @param idempotencyKey an explicit key: the {@code Idempotency-Key} header or the {@code idempotencykey}
 *                       CloudEvent extension; null when absent
 */
public record InvocationRequest(String function, Mode mode, String eventId, String eventSource, String eventType,
        String idempotencyKey) {

    /** Routing-context key under which the request is stored. */
    public static final String KEY = "agentfleet.invocation";

    /** The HTTP header clients use to make a plain HTTP call idempotent. */
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** The CloudEvent extension attribute carrying an explicit key (CloudEvent attribute names are lower-case). */
    public static final String IDEMPOTENCY_EXTENSION = "idempotencykey";

    /** How the request arrived. */
    public enum Mode {
        HTTP("http"), CLOUDEVENT_BINARY("cloudevent-binary"), CLOUDEVENT_STRUCTURED("cloudevent-structured");

        private final String tag;

        Mode(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    /**
     * A CloudEvent's invocation: its explicit key is the {@code Idempotency-Key} header when given, else its
     * {@code idempotencykey} extension. What every caller's delivery is deduplicated on ({@link #deliveryKey()}).
     */
    public static InvocationRequest of(String function, CloudEvent event, boolean binary, String idempotencyHeader) {
        Object extension = event.getExtension(IDEMPOTENCY_EXTENSION);
        String key = idempotencyHeader != null ? idempotencyHeader : extension == null ? null : extension.toString();
        return new InvocationRequest(function, binary ? Mode.CLOUDEVENT_BINARY : Mode.CLOUDEVENT_STRUCTURED, event.getId(),
                event.getSource().toString(), event.getType(), key);
    }

    /**
     * The key that identifies this delivery: the explicit key if given, otherwise for a CloudEvent its source and id
     * (which the CloudEvents spec makes unique); plain HTTP without a key has none and always runs.
     */
    public Optional<String> deliveryKey() {
        if (idempotencyKey != null && !idempotencyKey.isBlank()) {
            return Optional.of("key:" + idempotencyKey);
        }
        if (eventId != null) {
            return Optional.of("ce:" + eventSource + "\n" + eventId);
        }
        return Optional.empty();
    }
}
