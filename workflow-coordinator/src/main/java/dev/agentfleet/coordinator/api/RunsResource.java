package dev.agentfleet.coordinator.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.engine.Quarantine;
import dev.agentfleet.coordinator.engine.RunControl;
import dev.agentfleet.coordinator.engine.StartCommands;
import dev.agentfleet.coordinator.engine.WorkflowCatalog;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs over HTTP (bearer JWT; roles in brackets; "own" runs are those the caller started, see {@link RunAccess}):
 * <ul>
 *   <li>{@code POST /workflows/runs} [workflow-submit] {@code {workflow, version?, input, idempotencyKey?}} (or the
 *       {@code Idempotency-Key} header, scoped to the caller): 202 + {@code Location} for a new run, 200 with the same
 *       run for a repeated key, 409 for a key reused with another request, 404 unknown workflow, 422 input against the
 *       schema; audited;</li>
 *   <li>{@code GET /workflows/runs/{id}} [workflow-submit: own; workflow-read]: state, steps, attempts, timings,
 *       outputs, errors (and {@code quarantine}, why, for a run set aside; a run that cannot be read shows its raw
 *       fields);</li>
 *   <li>{@code GET /workflows/runs/{id}/events} [workflow-submit: own; workflow-read]: the history;</li>
 *   <li>{@code GET /workflows/runs?workflow=&status=&startedBy=&limit=&cursor=} [workflow-submit: own;
 *       workflow-read]: newest first, paged;</li>
 *   <li>{@code POST /workflows/runs/{id}/cancel} [workflow-submit: own; workflow-admin]: 202; 409 when finished or
 *       compensating;</li>
 *   <li>{@code POST /workflows/runs/{id}/pause} and {@code .../resume} [workflow-admin]: 202 (the owner pauses or
 *       resumes it within a poll interval); 409 when finished, compensating, or (resume) not paused;</li>
 *   <li>{@code POST /workflows/runs/{id}/redrive} [workflow-admin]: 202 (the owner continues it from where it stopped);
 *       409 when it did not fail and was not cancelled, had {@code engine.max-redrives} already, or a step's compensation
 *       failed;</li>
 *   <li>{@code POST /workflows/runs/{id}/signals/{name}} [the waiting step's {@code roles}, default workflow-signal;
 *       workflow-admin] {@code {id?, payload}} (or the {@code Idempotency-Key} header for the id): 202, also for the
 *       same id again; 404 when no step of the run's workflow waits for it, 422 naming the payload's field against the
 *       step's schema, 409 when the run is over, another id came first or the step no longer waits.</li>
 * </ul>
 * Every request is audited with who asked, and the run's history names them.
 * {@code workflow-admin} may do everything.
 */
@Path("/workflows/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {

    private static final int MAX_HISTORY = 10_000;

    private final RunControl control;
    private final RunQueries queries;
    private final WorkflowCatalog catalog;
    private final ObjectMapper mapper;
    private final AuditLog audit;
    private final JsonWebToken caller;

    RunsResource(RunControl control, RunQueries queries, WorkflowCatalog catalog, ObjectMapper mapper, AuditLog audit,
            JsonWebToken caller) {
        this.control = control;
        this.queries = queries;
        this.catalog = catalog;
        this.mapper = mapper;
        this.audit = audit;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ "workflow-submit", "workflow-admin" })
    public Response start(RoutingContext request, @HeaderParam("Idempotency-Key") String keyHeader,
            @HeaderParam("traceparent") String traceparent) {
        RunControl.StartCommand command = StartCommands.parse(RequestBodies.json(request, mapper), "", keyHeader,
                RunAccess.starter(caller), traceparent);
        RunControl.Started started = control.start(command);
        audit.record(caller, "run.start", started.runId(), started.created() ? "created" : "existing");
        if (!started.created()) {
            return Response.ok(view(started.runId())).build();
        }
        ObjectNode view = view(started.fields()); // as written: no need to read the new run back from Redis
        return Response.accepted(view).location(URI.create("/workflows/runs/" + started.runId())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ "workflow-submit", "workflow-read", "workflow-admin" })
    public ObjectNode get(@PathParam("id") String id) {
        return view(RunAccess.readable(queries, caller, id));
    }

    @GET
    @Path("/{id}/events")
    @RolesAllowed({ "workflow-submit", "workflow-read", "workflow-admin" })
    public ObjectNode events(@PathParam("id") String id) {
        RunAccess.readable(queries, caller, id); // 404 for a run the caller may not read, as for an unknown one
        ObjectNode page = mapper.createObjectNode();
        page.put("runId", id);
        ArrayNode events = page.putArray("events");
        queries.history(id, MAX_HISTORY).forEach(e -> events.add(RunViews.event(mapper, e)));
        return page;
    }

    @GET
    @RolesAllowed({ "workflow-submit", "workflow-read", "workflow-admin" })
    public ObjectNode list(@QueryParam("workflow") String workflow, @QueryParam("status") String status,
            @QueryParam("startedBy") String startedBy, @QueryParam("createdFrom") String createdFrom,
            @QueryParam("createdTo") String createdTo, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        List<FieldError> errors = new ArrayList<>();
        int n = QueryParams.wholeNumber("limit", limit, 1, 100, 20, errors);
        long from = QueryParams.instant("createdFrom", createdFrom, 0, errors);
        long to = QueryParams.instant("createdTo", createdTo, Long.MAX_VALUE, errors);
        if (from > to) {
            errors.add(new FieldError("createdTo", "must not be before createdFrom"));
        }
        if (status != null) {
            try {
                RunStatus.valueOf(status.toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("status", "must be one of " + java.util.Arrays.toString(RunStatus.values())));
            }
        }
        if (cursor != null && !cursor.matches("\\d{1,19}:[A-Za-z0-9-]{1,100}")) {
            errors.add(new FieldError("cursor", "is not a cursor this API returned"));
        }
        if (startedBy != null && (startedBy.isEmpty() || startedBy.length() > 1024)) {
            errors.add(new FieldError("startedBy", "must be 1 to 1024 characters"));
        }
        String own = RunAccess.starter(caller);
        boolean readsAll = RunAccess.readsAll(caller);
        if (!readsAll && startedBy != null && !startedBy.equals(own)) {
            errors.add(new FieldError("startedBy", "may only be " + own + ": without workflow-read you list your own runs"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The listing parameters are invalid.", errors, null);
        }
        String starter = readsAll ? startedBy : own;
        RunQueries.Page page = queries.list(new RunQueries.Filter(workflow, status, starter, from, to), n, cursor);
        ObjectNode result = mapper.createObjectNode();
        ArrayNode runs = result.putArray("runs");
        page.runs().forEach(r -> runs.add(RunViews.summary(mapper, r.runId(), r.fields())));
        result.put("next", page.next());
        return result;
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ "workflow-submit", "workflow-admin" })
    public Response cancel(@PathParam("id") String id) {
        Map<String, String> run = queries.run(id).orElse(Map.of());
        if (!run.isEmpty() && !RunAccess.mayCancel(caller, run)) {
            audit.record(caller, "run.cancel", id, "refused");
            throw RunAccess.mayRead(caller, run) ? new ProblemException(ProblemKind.FORBIDDEN, "Only workflow-admin or the run's "
                    + "starter may cancel run " + id + ".", List.of(new FieldError("id", "was started by someone else")), null)
                    : notFound(id);
        }
        return requested(id, RunRequestScript.Action.CANCEL);
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed("workflow-admin")
    public Response pause(@PathParam("id") String id) {
        return requested(id, RunRequestScript.Action.PAUSE);
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed("workflow-admin")
    public Response resume(@PathParam("id") String id) {
        return requested(id, RunRequestScript.Action.RESUME);
    }

    @POST
    @Path("/{id}/redrive")
    @RolesAllowed("workflow-admin")
    public Response redrive(@PathParam("id") String id) {
        RunRequestScript.Result result = control.redrive(id, RunAccess.starter(caller));
        audit.record(caller, "run.redrive", id, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return RequestAnswers.of(id, "redrive", result);
    }

    private Response requested(String id, RunRequestScript.Action action) {
        String what = action.name().toLowerCase(java.util.Locale.ROOT);
        RunRequestScript.Result result = control.request(id, action, RunAccess.starter(caller));
        audit.record(caller, "run." + what, id, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return RequestAnswers.of(id, what, result);
    }

    @POST
    @Path("/{id}/signals/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @io.quarkus.security.Authenticated
    public Response signal(RoutingContext request, @PathParam("id") String id, @PathParam("name") String name,
            @HeaderParam("Idempotency-Key") String keyHeader) {
        SignalRequest body = SignalRequest.parse(RequestBodies.json(request, mapper), keyHeader);
        CompiledWorkflow.Step step = control.stepAwaiting(id, name);
        if (!RunAccess.maySignal(caller, step.definition().awaiting())) {
            audit.record(caller, "run.signal", id + "/" + name, "refused");
            Map<String, String> run = queries.run(id).orElse(Map.of());
            throw RunAccess.mayRead(caller, run) ? new ProblemException(ProblemKind.FORBIDDEN, "Signal " + name + " of run " + id
                    + " may be sent by " + String.join(" or ", RunAccess.signalRoles(step.definition().awaiting())) + ".",
                    List.of(new FieldError("name", "needs another role")), null) : notFound(id);
        }
        RunRequestScript.Result result = control.signal(id, name, body.id(), body.payload(), RunAccess.starter(caller));
        audit.record(caller, "run.signal", id + "/" + name, result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        return RequestAnswers.of(id, "signal " + name, result);
    }

    private ObjectNode view(String id) {
        return view(queries.run(id).orElseThrow(() -> notFound(id)));
    }

    private ObjectNode view(Map<String, String> hash) {
        try {
            return RunViews.run(mapper, hash, catalog.byHashBlocking(hash.get("hash")));
        } catch (RuntimeException e) {
            if (!Quarantine.isStateProblem(e)) {
                throw e;
            }
            return RunViews.unreadable(mapper, hash, e); // what is there, rather than a 500 for state the engine quarantines
        }
    }

    private static ProblemException notFound(String id) {
        return RequestAnswers.notFound(id);
    }
}
