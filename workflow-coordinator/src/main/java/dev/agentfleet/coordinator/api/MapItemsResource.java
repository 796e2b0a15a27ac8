package dev.agentfleet.coordinator.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.engine.WorkflowCatalog;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * The items of a run's map step, a page at a time (a map may hold 10,000; the run's view gives only their counts):
 * {@code GET /workflows/runs/{id}/steps/{step}/items?from=&limit=} [workflow-submit: own; workflow-read]: each item's
 * index, value, status, attempts, output and error, in input order; {@code next} is the {@code from} of the next page.
 * 404 naming {@code step} when the run's workflow has no map step of that id; a map not started yet has no items.
 */
@Path("/workflows/runs/{id}/steps/{step}/items")
@Produces(MediaType.APPLICATION_JSON)
public class MapItemsResource {

    private static final int MAX_PAGE = 1_000;

    private final RunQueries queries;
    private final WorkflowCatalog catalog;
    private final ObjectMapper mapper;
    private final JsonWebToken caller;

    MapItemsResource(RunQueries queries, WorkflowCatalog catalog, ObjectMapper mapper, JsonWebToken caller) {
        this.queries = queries;
        this.catalog = catalog;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({ "workflow-submit", "workflow-read", "workflow-admin" })
    public ObjectNode items(@PathParam("id") String id, @PathParam("step") String step, @QueryParam("from") String from,
            @QueryParam("limit") String limit) {
        List<FieldError> errors = new ArrayList<>();
        int first = QueryParams.wholeNumber("from", from, 0, Integer.MAX_VALUE, 0, errors);
        int size = QueryParams.wholeNumber("limit", limit, 1, MAX_PAGE, 100, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The page asked for cannot be read.", errors, null);
        }
        Map<String, String> run = RunAccess.readable(queries, caller, id);
        CompiledWorkflow.Step mapStep = catalog.byHashBlocking(run.get("hash")).step(step);
        if (mapStep == null || mapStep.definition().map() == null) {
            throw new ProblemException(ProblemKind.NOT_FOUND, "no map step '" + step + "' in this run's workflow",
                    List.of(new FieldError("step", "names no map step of workflow " + run.get("workflow"))), null);
        }
        StepState state = Run.read(run.get(Run.STEP_PREFIX + step), StepState.class);
        int total = state.items == null ? 0 : state.items;
        ObjectNode page = mapper.createObjectNode();
        page.put("runId", id);
        page.put("step", step);
        page.put("total", total);
        page.put("from", first);
        ArrayNode items = page.putArray("items");
        int last = (int) Math.min(total, (long) first + size);
        if (first < last) {
            List<String[]> read = queries.items(id, step, first, last - first);
            for (int i = 0; i < read.size(); i++) {
                items.add(item(first + i, read.get(i)[0], read.get(i)[1]));
            }
        }
        if (last < total) {
            page.put("next", last);
        }
        return page;
    }

    private ObjectNode item(int index, String value, String stateJson) {
        ObjectNode v = mapper.createObjectNode();
        v.put("index", index);
        v.set("item", value == null ? null : Run.read(value, com.fasterxml.jackson.databind.JsonNode.class));
        StepState s = stateJson == null ? new StepState() : Run.read(stateJson, StepState.class);
        v.put("status", s.status().name());
        v.put("attempts", s.attempt);
        if (s.output != null) {
            v.set("output", s.output);
        }
        if (s.error != null) {
            v.set("error", mapper.valueToTree(s.error));
        }
        return v;
    }
}
