package dev.agentfleet.coordinator.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agentfleet.coordinator.api.AuditLog;
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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The Broker's dead-letter sink ({@code POST /dead-letters}, a CloudEvent in binary or structured mode, as Knative
 * delivers it) and the operators' view of what arrived there ({@code GET /dead-letters}, role workflow-admin).
 *
 * <p>The sink takes the Broker's sender token (Knative Eventing's {@code authentication-oidc}; checked by agent-sdk's
 * {@link SenderVerifier} when {@code agentfleet.sdk.senders.verify} is on, as in the Knative manifests), not a user
 * token; it only appends to a capped stream, and it accepts only what Knative sends there: a valid CloudEvent carrying
 * Knative's {@code knativeerrordest} attribute. An admin sends one back to the Broker
 * ({@code POST /dead-letters/{entry}/replay}, audited; see {@link DeadLetterReplay}).
 */
@Path("/dead-letters")
public class DeadLetterResource {

    private static final int MAX_LIST = 1000;
    private static final Pattern ENTRY = Pattern.compile("\\d{1,20}-\\d{1,20}");

    private final RegionRole region;
    private final DeadLetters deadLetters;
    private final DeadLetterReplay replay;
    private final SenderVerifier senders;
    private final AuditLog audit;
    private final JsonWebToken caller;

    DeadLetterResource(DeadLetters deadLetters, DeadLetterReplay replay, SenderVerifier senders, RegionRole region, AuditLog audit,
            JsonWebToken caller) {
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.senders = senders;
        this.region = region;
        this.audit = audit;
        this.caller = caller;
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
        List<Map<String, String>> newest = deadLetters.newest(count);
        Map<String, JsonObject> replays = replay.replaysOf(newest.stream().map(e -> e.get("entry")).toList());
        return newest.stream().map(entry -> {
            JsonObject replayed = replays.get(entry.get("entry"));
            if (replayed == null || !"replayed".equals(replayed.getString("state"))) {
                return entry;
            }
            Map<String, String> view = new LinkedHashMap<>(entry);
            view.put("replayedAt", replayed.getString("at"));
            view.put("replayedBy", replayed.getString("by"));
            return view;
        }).toList();
    }

    /** Sends the dead letter back to the Broker as it was first sent, once (409 after that). */
    @POST
    @Path("/{entry}/replay")
    @RolesAllowed("workflow-admin")
    public DeadLetterReplay.Replayed replay(@PathParam("entry") String entry) {
        if (!ENTRY.matcher(entry).matches()) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "entry is not a dead-letter entry id.",
                    List.of(new FieldError("entry", "must look like 1733200000000-0")), null);
        }
        region.requireActive();
        try {
            DeadLetterReplay.Replayed replayed = replay.replay(entry, caller.getName());
            audit.record(caller, "dead-letter.replay", entry, "replayed");
            return replayed;
        } catch (ProblemException e) {
            audit.record(caller, "dead-letter.replay", entry, "refused " + e.kind().status());
            throw e;
        }
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
