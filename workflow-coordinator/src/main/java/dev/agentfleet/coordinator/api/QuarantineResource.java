package dev.agentfleet.coordinator.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agentfleet.coordinator.region.RegionRole;
import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * Runs set aside because they cannot be read or resumed ({@code engine.Quarantine}), over HTTP (bearer JWT):
 * <ul>
 *   <li>{@code GET /workflows/quarantine} [workflow-read]: {@code {runs: [{id, partition, at, reason}]}}, newest first,
 *       at most 100 per partition;</li>
 *   <li>{@code POST /workflows/quarantine/{id}/release} [workflow-admin]: 202, the run goes back to its partition's
 *       owner, which loads it again (and quarantines it again if its cause is not repaired); 404 when it is not
 *       quarantined.</li>
 * </ul>
 */
@Path("/workflows/quarantine")
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    private static final int PER_PARTITION = 100;

    /** One quarantined run as listed. */
    public record Entry(String id, int partition, String at, String reason) {
    }

    private final RegionRole region;
    private final RunQueries queries;
    private final RunStore store;
    private final AuditLog audit;
    private final JsonWebToken caller;
    private final Clock clock;

    QuarantineResource(RunQueries queries, RunStore store, AuditLog audit, JsonWebToken caller, Clock clock, RegionRole region) {
        this.clock = clock;
        this.region = region;
        this.queries = queries;
        this.store = store;
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ "workflow-read", "workflow-admin" })
    public Map<String, List<Entry>> list() {
        return Map.of("runs", queries.quarantined(PER_PARTITION).stream()
                .map(q -> new Entry(q.runId(), q.partition(), Instant.ofEpochMilli(q.at()).toString(), q.reason())).toList());
    }

    @POST
    @Path("/{id}/release")
    @RolesAllowed("workflow-admin")
    public Response release(@PathParam("id") String id) throws Exception {
        region.requireActive();
        boolean released = store.releaseQuarantine(id, clock.millis()).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        audit.record(caller, "run.release-quarantine", id, released ? "released" : "missing");
        if (!released) {
            throw new ProblemException(ProblemKind.NOT_FOUND, "Run " + id + " is not quarantined.",
                    List.of(new FieldError("id", "is not a quarantined run")), null);
        }
        return Response.accepted(Map.of("id", id, "released", true, "link", "/workflows/runs/" + id)).build();
    }
}
