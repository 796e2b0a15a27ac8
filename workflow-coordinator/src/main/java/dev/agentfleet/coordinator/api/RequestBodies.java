package dev.agentfleet.coordinator.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.Problems;
import io.vertx.ext.web.RoutingContext;

/**
 * Request bodies as the Funqy body handler already buffered them (it runs for every route of this application).
 * Letting Quarkus REST read the entity stream again instead hangs a worker thread for ever on an empty body, so the
 * API's resources take the {@link RoutingContext} and read the buffer.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] bytes(RoutingContext request) {
        return request.body() == null || request.body().buffer() == null ? new byte[0] : request.body().buffer().getBytes();
    }

    /** The body as JSON; null when empty; a problem (400 with the position) when it is not JSON. */
    static JsonNode json(RoutingContext request, ObjectMapper mapper) {
        byte[] bytes = bytes(request);
        if (bytes.length == 0) {
            return null;
        }
        try {
            return mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            Problems.Classified c = Problems.fromJson(e);
            throw new ProblemException(c.kind(), c.problem().detail(), c.problem().errors(), e);
        } catch (IOException e) {
            throw new ProblemException(dev.agentfleet.sdk.problem.ProblemKind.BAD_REQUEST, "The body cannot be read.");
        }
    }
}
