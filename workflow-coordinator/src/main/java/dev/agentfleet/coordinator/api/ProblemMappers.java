package dev.agentfleet.coordinator.api;

import java.util.List;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.agentfleet.sdk.problem.Problem;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.problem.Problems;
import dev.agentfleet.sdk.redis.OutageLog;
import dev.agentfleet.sdk.redis.RedisFailures;

/** Every failure of the coordinator's REST API as an RFC 9457 problem, in agent-sdk's model. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    private static final OutageLog REDIS_DOWN = new OutageLog(LOG, java.time.Duration.ofSeconds(10));

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.problem(), uri);
        if (e.retryAfterSeconds() != null) {
            return Response.fromResponse(response).header("Retry-After", e.retryAfterSeconds().toString()).build();
        } else if (e.kind() == ProblemKind.UNAUTHORIZED) {
            return Response.fromResponse(response).header("WWW-Authenticate", "Bearer error=\"invalid_token\"").build();
        } else if (e.kind() == ProblemKind.UPSTREAM_UNAVAILABLE) {
            return Response.fromResponse(response).header("Retry-After", "1").build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        ProblemKind kind;
        if (e instanceof NotFoundException) {
            kind = ProblemKind.NOT_FOUND;
        } else if (e instanceof NotAllowedException) {
            kind = ProblemKind.METHOD_NOT_ALLOWED;
        } else if (e instanceof NotSupportedException) {
            kind = ProblemKind.UNSUPPORTED_MEDIA_TYPE;
        } else {
            kind = e.getResponse().getStatus() >= 500 ? ProblemKind.INTERNAL : ProblemKind.BAD_REQUEST;
        }
        String detail = kind == ProblemKind.UNSUPPORTED_MEDIA_TYPE ? "Send application/yaml or application/json."
                : kind == ProblemKind.INTERNAL ? "The request failed." : e.getMessage();
        return respond(kind.problem(detail, List.of()), uri);
    }

    @ServerExceptionMapper({ io.quarkus.security.UnauthorizedException.class,
            io.quarkus.security.AuthenticationFailedException.class,
            io.quarkus.security.AuthenticationCompletionException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemKind.UNAUTHORIZED.problem(
                "Send a valid bearer token (Authorization: Bearer <JWT>).", List.of()), uri))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(ProblemKind.FORBIDDEN.problem("The token's groups do not include a role this request needs.", List.of()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (RedisFailures.isUnavailable(e)) {
            REDIS_DOWN.warn(uri.getPath() + ": the workflow store is unavailable (" + RedisFailures.describe(e) + ")");
            return Response.fromResponse(respond(ProblemKind.UPSTREAM_UNAVAILABLE.problem(
                    "The workflow store (Redis) is unavailable or saturated; retry shortly.", List.of()), uri))
                    .header("Retry-After", "1").build();
        }
        Problems.Classified classified = Problems.fromThrowable(e);
        if (classified.kind() == ProblemKind.INTERNAL) {
            LOG.errorf(e, "%s failed", uri.getPath());
        }
        return respond(classified.problem(), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem.withInstance(uri.getPath())).build();
    }
}
