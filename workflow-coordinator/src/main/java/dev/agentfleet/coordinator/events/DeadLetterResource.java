package dev.agentfleet.coordinator.events;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import dev.agentfleet.coordinator.region.RegionRole;
import dev.agentfleet.sdk.invocation.CloudEventRequests;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.sender.SenderVerifier;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.rw.CloudEventRWException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.ext.web.RoutingContext;

/**
 * The Broker's dead-letter sink ({@code POST /dead-letters}, a CloudEvent in binary or structured mode, as Knative
 * delivers it) and the operators' view of what arrived there ({@code GET /dead-letters}, role workflow-admin).
 *
 * <p>The sink takes the Broker's sender token (Knative Eventing's {@code authentication-oidc}; checked by agent-sdk's
 * {@link SenderVerifier} when {@code agentfleet.sdk.senders.verify} is on, as in the Knative manifests), not a user
 * token; it only appends to a capped stream, and it accepts only what Knative sends there: a valid CloudEvent carrying
 * Knative's {@code knativeerrordest} attribute.
 */
@Path("/dead-letters")
public class DeadLetterResource {

    private static final int MAX_LIST = 1000;

    private final RegionRole region;
    private final DeadLetters deadLetters;
    private final SenderVerifier senders;

    DeadLetterResource(DeadLetters deadLetters, SenderVerifier senders, RegionRole region) {
        this.deadLetters = deadLetters;
        this.senders = senders;
        this.region = region;
    }

    /** The stored entry's id; 202 because the event is kept, not processed. */
    @RegisterForReflection
    public record Recorded(String entry) {
    }

    @POST
    @PermitAll
    public Response record(RoutingContext request) {
        senders.check(request.request().getHeader("Authorization"));
        region.requireActive(); // a Broker retries a 503, so the dead letter reaches the active region
        CloudEvent event = read(request);
        if (event.getExtension("knativeerrordest") == null) {
            throw new ProblemException(ProblemKind.VALIDATION,
                    "Only events a Knative Broker or Channel dead-lettered are accepted here.",
                    List.of(new FieldError("knativeerrordest", "is required")), null);
        }
        return Response.accepted(new Recorded(deadLetters.record(event))).build();
    }

    @GET
    @RolesAllowed("workflow-admin")
    public List<Map<String, String>> newest(@QueryParam("count") @DefaultValue("50") int count) {
        if (count < 1 || count > MAX_LIST) {
            throw new ProblemException(ProblemKind.VALIDATION, "count is out of range.",
                    List.of(new FieldError("count", "must be between 1 and " + MAX_LIST)), null);
        }
        return deadLetters.newest(count);
    }

    private static CloudEvent read(RoutingContext request) {
        boolean structured = CloudEventRequests.isStructured(request);
        if (!structured && !CloudEventRequests.isBinary(request)) {
            throw new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Send a CloudEvent (binary or structured mode).",
                    List.of(new FieldError("ce-id", "is required in binary mode"), new FieldError("Content-Type",
                            "is " + CloudEventRequests.STRUCTURED + " in structured mode")), null);
        }
        List<FieldError> missing = structured ? List.of() : CloudEventRequests.missingHeaders(request);
        if (!missing.isEmpty()) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The request is not a valid CloudEvent: binary mode needs "
                    + String.join(", ", CloudEventRequests.REQUIRED_HEADERS) + ".", missing, null);
        }
        CloudEvent event;
        try {
            event = CloudEventRequests.read(request, !structured);
        } catch (CloudEventRWException | EventDeserializationException | IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The request is not a valid CloudEvent: " + e.getMessage(),
                    List.of(new FieldError(structured ? "$" : "ce-* headers", String.valueOf(e.getMessage()))), e);
        }
        if (event == null) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The body is JSON null, not a CloudEvent.",
                    List.of(new FieldError("$", "must be a CloudEvent object")), null);
        }
        return event;
    }
}
