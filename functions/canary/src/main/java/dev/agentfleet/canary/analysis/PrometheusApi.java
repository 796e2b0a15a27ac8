package dev.agentfleet.canary.analysis;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;

/** Prometheus' HTTP API: an instant query ({@code quarkus.rest-client.prometheus.url}). */
@RegisterRestClient(configKey = "prometheus")
@Path("/api/v1")
public interface PrometheusApi {

    @GET
    @Path("/query")
    JsonNode query(@QueryParam("query") String query);
}
