package dev.agentfleet.coordinator.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Writes the problems the API answers into its OpenAPI document: every failure is {@code application/problem+json}
 * ({@code Problem}: type, title, status, detail, and {@code errors} naming each bad field), and each operation lists the
 * statuses it gives and why. The statuses every secured operation shares are added to all (401, 403, 400, 503, and 404
 * where a path names a run or a definition); those particular to one operation come from {@link #PARTICULAR}, one table
 * instead of a dozen annotations per method. {@code OpenApiTest} holds the document to it.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String PROBLEM = "application/problem+json";

    private static final Map<String, String> COMMON = Map.of(
            "400", "A parameter or the body is malformed; the problem names the field.",
            "401", "No valid bearer token: missing, bad signature, another audience, expired, or issued more than an hour ago.",
            "403", "The token lacks the role this operation needs.",
            "503", "Redis cannot be reached, or this region stands by for another (Retry-After; the problem names the active region).");

    /** What only some operations answer, by {@code METHOD path}. */
    static final Map<String, Map<String, String>> PARTICULAR = Map.ofEntries(Map.entry(
            "POST /workflows/runs", Map.of(
                    "404", "No such workflow, or no such version of it.",
                    "409", "The idempotency key started another run with another request.",
                    "422", "The input does not match the workflow's input schema; each error names the field.",
                    "429", "Too many starts by this caller (Retry-After).")),
            Map.entry("POST /workflows/runs/{id}/cancel", Map.of("409", "The run has finished or is compensating.")),
            Map.entry("POST /workflows/runs/{id}/pause", Map.of("409", "The run has finished or is compensating.")),
            Map.entry("POST /workflows/runs/{id}/resume", Map.of("409", "The run is not paused.")),
            Map.entry("POST /workflows/runs/{id}/redrive", Map.of("409",
                    "The run did not fail and was not cancelled, has been redriven as often as allowed, or a step's compensation failed.")),
            Map.entry("POST /workflows/runs/{id}/signals/{name}", Map.of(
                    "409", "The run is over, another signal id came first, or the step no longer waits.",
                    "422", "The payload does not match the waiting step's schema; each error names the field.")),
            Map.entry("POST /workflows/definitions", Map.of(
                    "409", "This version is registered with other content.",
                    "415", "The body is neither YAML nor JSON.",
                    "422", "The definition is invalid; each error names the field (steps[2].retry.multiplier).")),
            Map.entry("POST /workflows/quarantine/{id}/release", Map.of("409", "The run is not set aside.")),
            Map.entry("GET /workflows/runs/{id}/stream", Map.of("429", "This coordinator follows as many runs as it allows at once; try again later.")),
            Map.entry("POST /dead-letters", Map.of(
                    "401", "No valid sender token: a ServiceAccount token of the cluster for audience agentfleet.",
                    "403", "The sender is not one of agentfleet's Triggers or the coordinator.",
                    "413", "The event is larger than the body limit.")),
            Map.entry("POST /dead-letters/{entry}/replay", Map.of(
                    "404", "No such dead letter is kept (the stream keeps the newest 20,000).",
                    "409", "Replayed already or being replayed, its data was kept only as a digest, or no event sink (K_SINK) is set.",
                    "503", "Redis or the Broker cannot be reached, or the Broker refused the event; nothing was replayed (Retry-After).")));

    /** The answers of operations that choose their status (a {@code Response}), in place of a generic 200. */
    static final Map<String, Map<String, String>> SUCCESS = Map.of(
            "POST /workflows/runs", Map.of("202", "Started: the run's view; Location names it.",
                    "200", "The idempotency key started this run before: its view now."),
            "POST /workflows/runs/{id}/cancel", Map.of("202", "Asked: the run's owner cancels it (again: the same answer)."),
            "POST /workflows/runs/{id}/pause", Map.of("202", "Asked: the run's owner pauses it."),
            "POST /workflows/runs/{id}/resume", Map.of("202", "Asked: the run's owner resumes it."),
            "POST /workflows/runs/{id}/redrive", Map.of("202", "Asked: the run's owner continues it from where it stopped."),
            "POST /workflows/runs/{id}/signals/{name}", Map.of("202", "Kept for the step that waits for it (the same id again: the same answer)."),
            "POST /workflows/definitions", Map.of("201", "Registered; Location names the version.", "200", "The same content was registered already."),
            "POST /workflows/quarantine/{id}/release", Map.of("202", "Given back to its partition's owner, which loads it again."),
            "POST /dead-letters", Map.of("202", "Kept in the dead-letter stream."),
            "POST /dead-letters/{entry}/replay", Map.of("200", "Sent back to the Broker as it was first sent: who replayed it, when, and the Broker's status."));

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.getComponents().addSchema("Problem", problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                describe(method.name() + " " + path, operation)));
    }

    /** The failures an operation answers ({@code METHOD path}), each with why. */
    static Map<String, String> statuses(String endpoint) {
        Map<String, String> statuses = new LinkedHashMap<>(COMMON);
        if (endpoint.contains("{")) {
            statuses.put("404", "No such run or definition, or one the caller may not see (the same answer, so ids cannot be probed).");
        }
        statuses.putAll(PARTICULAR.getOrDefault(endpoint, Map.of()));
        return statuses;
    }

    private static void describe(String endpoint, Operation operation) {
        Map<String, String> success = SUCCESS.get(endpoint);
        if (success != null) {
            APIResponse generic = operation.getResponses().getAPIResponse("200");
            operation.getResponses().removeAPIResponse("200");
            success.forEach((status, why) -> operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(why)
                    .content(generic == null ? null : generic.getContent())));
        }
        statuses(endpoint).forEach((status, why) -> {
            APIResponse response = operation.getResponses().getAPIResponse(status);
            if (response == null) {
                operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(why));
            } else {
                response.description(why);
            }
        });
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (!status.startsWith("2") && !status.startsWith("3")) {
                response.content(OASFactory.createContent().addMediaType(PROBLEM, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("Problem"))));
            }
        });
    }

    private static Schema problemSchema() {
        Schema error = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("the field at fault, e.g. input.city"))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description("RFC 9457 problem details")
                .required(List.of("title", "status"))
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("instance", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(error));
    }
}
