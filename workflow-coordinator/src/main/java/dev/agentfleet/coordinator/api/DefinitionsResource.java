package dev.agentfleet.coordinator.api;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.definition.RegisteredDefinition;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * Register, list and read workflow definitions.
 * <ul>
 *   <li>{@code POST /workflows/definitions} (YAML or JSON): 201 with {@code Location} for new content, 200 for the
 *       same content again, 409 for an existing version with other content, 422 naming each bad field;</li>
 *   <li>{@code GET /workflows/definitions}: every name with its versions;</li>
 *   <li>{@code GET /workflows/definitions/{name}} (latest) and {@code .../{name}/versions/{version}}.</li>
 * </ul>
 */
@Path("/workflows/definitions")
@Produces(MediaType.APPLICATION_JSON)
public class DefinitionsResource {

    private final DefinitionRegistry registry;

    DefinitionsResource(DefinitionRegistry registry) {
        this.registry = registry;
    }

    @POST
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON })
    public Response register(byte[] document) {
        DefinitionRegistry.Registration registration = registry.register(document);
        RegisteredDefinition d = registration.definition();
        if (registration.outcome() == DefinitionRegistry.Outcome.UNCHANGED) {
            return Response.ok(d).build();
        }
        return Response.created(URI.create("/workflows/definitions/" + d.name() + "/versions/" + d.version())).entity(d).build();
    }

    @GET
    public List<DefinitionRegistry.Summary> list() {
        return registry.list();
    }

    @GET
    @Path("/{name}")
    public RegisteredDefinition latest(@PathParam("name") String name) {
        return registry.find(name, null).orElseThrow(() -> notFound(name, null));
    }

    @GET
    @Path("/{name}/versions/{version}")
    public RegisteredDefinition version(@PathParam("name") String name, @PathParam("version") String version) {
        return registry.find(name, version).orElseThrow(() -> notFound(name, version));
    }

    private static ProblemException notFound(String name, String version) {
        return new ProblemException(ProblemKind.NOT_FOUND, version == null ? "No workflow named " + name + " is registered."
                : "Workflow " + name + " has no version " + version + ".");
    }
}
