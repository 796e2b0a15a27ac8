package dev.agentfleet.coordinator.api;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agentfleet.coordinator.region.RegionRole;
import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.definition.RegisteredDefinition;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.vertx.ext.web.RoutingContext;

/**
 * Register, list and read workflow definitions.
 * <ul>
 *   <li>{@code POST /workflows/definitions} (YAML or JSON): 201 with {@code Location} for new content, 200 for the
 *       same content again, 409 for an existing version with other content, 422 naming each bad field;</li>
 *   <li>{@code GET /workflows/definitions}: every name with its versions;</li>
 *   <li>{@code GET /workflows/definitions/{name}} (latest) and {@code .../{name}/versions/{version}}.</li>
 * </ul>
 * Registering takes the {@code workflow-admin} role and is audited; reading takes {@code workflow-read} (or admin).
 */
@Path("/workflows/definitions")
@Produces(MediaType.APPLICATION_JSON)
public class DefinitionsResource {

    private final RegionRole region;
    private final DefinitionRegistry registry;
    private final AuditLog audit;
    private final JsonWebToken caller;

    DefinitionsResource(DefinitionRegistry registry, AuditLog audit, JsonWebToken caller, RegionRole region) {
        this.registry = registry;
        this.audit = audit;
        this.caller = caller;
        this.region = region;
    }

    @POST
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON })
    @RolesAllowed("workflow-admin")
    public Response register(RoutingContext request) {
        region.requireActive();
        DefinitionRegistry.Registration registration;
        try {
            registration = registry.register(RequestBodies.bytes(request));
        } catch (ProblemException e) {
            audit.record(caller, "definition.register", "(rejected)", "rejected " + e.problem().status());
            throw e;
        }
        RegisteredDefinition d = registration.definition();
        audit.record(caller, "definition.register", d.name() + "@" + d.version() + " " + d.hash(),
                registration.outcome().name().toLowerCase());
        if (registration.outcome() == DefinitionRegistry.Outcome.UNCHANGED) {
            return Response.ok(d).build();
        }
        return Response.created(URI.create("/workflows/definitions/" + d.name() + "/versions/" + d.version())).entity(d).build();
    }

    @GET
    @RolesAllowed({ "workflow-read", "workflow-admin" })
    public List<DefinitionRegistry.Summary> list() {
        return registry.list();
    }

    @GET
    @Path("/{name}")
    @RolesAllowed({ "workflow-read", "workflow-admin" })
    public RegisteredDefinition latest(@PathParam("name") String name) {
        return registry.find(name, null).orElseThrow(() -> notFound(name, null));
    }

    @GET
    @Path("/{name}/versions/{version}")
    @RolesAllowed({ "workflow-read", "workflow-admin" })
    public RegisteredDefinition version(@PathParam("name") String name, @PathParam("version") String version) {
        return registry.find(name, version).orElseThrow(() -> notFound(name, version));
    }

    private static ProblemException notFound(String name, String version) {
        return new ProblemException(ProblemKind.NOT_FOUND, version == null ? "No workflow named " + name + " is registered."
                : "Workflow " + name + " has no version " + version + ".");
    }
}
