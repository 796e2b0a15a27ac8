package dev.agentfleet.coordinator.api;

import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.agentfleet.coordinator.store.RunQueries;

/**
 * How many retained runs are in each status: {@code GET /workflows/runs/counts} [workflow-read, workflow-admin], e.g.
 * {@code {"RUNNING": 12, "PAUSED": 0, "COMPENSATING": 0, "SUCCEEDED": 10234, "FAILED": 3, "CANCELLED": 1}}. Kept by
 * the scripts that start, commit and sweep runs (a counter per status and partition, see {@code run_commit.lua}), so
 * reading it costs one small hash per partition whatever the number of runs. Counts cover every starter, so a
 * submitter, who sees only its own runs, is not given them.
 */
@Path("/workflows/runs/counts")
@Produces(MediaType.APPLICATION_JSON)
public class RunCountsResource {

    private final RunQueries queries;

    RunCountsResource(RunQueries queries) {
        this.queries = queries;
    }

    @GET
    @RolesAllowed({ "workflow-read", "workflow-admin" })
    public Map<String, Long> counts() {
        return queries.counts();
    }
}
