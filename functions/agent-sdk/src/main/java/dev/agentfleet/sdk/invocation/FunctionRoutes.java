package dev.agentfleet.sdk.invocation;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.Problem;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.problem.Problems;
import dev.agentfleet.sdk.problem.Problems.Classified;
import dev.agentfleet.sdk.redis.OutageLog;
import dev.agentfleet.sdk.redis.RedisFailures;
import dev.agentfleet.sdk.sender.SenderVerifier;
import io.cloudevents.CloudEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts two Vert.x handlers around Funqy's own route, because Funqy answers bad input with bare status codes (and a
 * 500 for some of it) and cannot set a status of its own:
 * <ul>
 *   <li>a guard, after Quarkus' body handler and before Funqy, for requests addressed to a function ({@code /} or
 *       a function's path, plain JSON or a CloudEvent): checks the CloudEvent envelope with the CloudEvents SDK, the
 *       media type, the method and that a function is there, and records the {@link InvocationRequest};</li>
 *   <li>a failure handler first in line: renders every failure on the router as {@code application/problem+json},
 *       recovering the field-level cause of Funqy's bare 400s, and counts it in {@link FunctionMetrics}.</li>
 * </ul>
 * The body size limit is Quarkus' {@code quarkus.http.limits.max-body-size}; its 413 is rendered here too.
 */
@ApplicationScoped
public class FunctionRoutes {

    private static final Logger LOG = Logger.getLogger(FunctionRoutes.class);
    private static final OutageLog REDIS_DOWN = new OutageLog(LOG, java.time.Duration.ofSeconds(10));
    private static final String JSON = "application/json";
    private static final int MAX_IDEMPOTENCY_KEY = 256;
    private static final Pattern EMPTY_OBJECT = Pattern.compile("\\{\\s*}");

    /** How long the rest of a body over the limit is read and discarded before the connection is closed. */
    private static final long LINGER_MS = 2_000;

    private final FunctionCatalog catalog;
    private final FunctionMetrics metrics;
    private final ObjectMapper mapper;
    private final Vertx vertx;
    private final long maxBodyBytes;
    private final SenderVerifier senders;

    FunctionRoutes(FunctionCatalog catalog, FunctionMetrics metrics, ObjectMapper mapper, Vertx vertx, SenderVerifier senders) {
        this.catalog = catalog;
        this.senders = senders;
        this.metrics = metrics;
        this.mapper = mapper;
        this.vertx = vertx;
        this.maxBodyBytes = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class).map(MemorySize::asLongValue).orElse(10L << 20);
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::renderFailure);
        // After the body handler (MIN_VALUE + 1) and the upload limit (-2), before Funqy's routes (order >= 0).
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::guard);
        // Whatever no route answers becomes a 404 problem rather than an HTML page.
        router.route().order(Integer.MAX_VALUE).handler(rc -> rc.fail(404));
    }

    void guard(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (path.startsWith("/q/")) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean binary = CloudEventRequests.isBinary(rc);
        boolean structured = CloudEventRequests.isStructured(rc);
        if (CloudEventRequests.isBatch(rc)) {
            ProblemException refused = CloudEventRequests.batchRefused();
            reject(rc, null, refused.problem(), ProblemKind.UNSUPPORTED_MEDIA_TYPE);
            return;
        }

        if (!path.equals("/") && catalog.byPath(path).isEmpty()) {
            // Not addressed to a Funqy function (CloudEvents are delivered to / or a function's path): another route
            // (e.g. a REST API in the same application, which may take CloudEvents too) answers, or the catch-all
            // turns it into a 404 problem.
            rc.next();
            return;
        }
        try {
            senders.check(request.getHeader(HttpHeaders.AUTHORIZATION));
        } catch (ProblemException refused) {
            reject(rc, null, refused.problem(), refused.kind());
            return;
        }
        if (request.method() != HttpMethod.POST) {
            reject(rc, null, ProblemKind.METHOD_NOT_ALLOWED, "Functions are invoked with POST.", List.of());
            return;
        }
        String explicitKey = request.getHeader(InvocationRequest.IDEMPOTENCY_HEADER);
        if (explicitKey != null && (explicitKey.isBlank() || explicitKey.length() > MAX_IDEMPOTENCY_KEY)) {
            reject(rc, null, ProblemKind.BAD_REQUEST, "The idempotency key is invalid.",
                    List.of(new FieldError(InvocationRequest.IDEMPOTENCY_HEADER,
                            "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters")));
            return;
        }
        if (binary || structured) {
            guardCloudEvent(rc, binary, explicitKey);
        } else {
            guardPlainHttp(rc, path, contentType, explicitKey);
        }
    }

    private void guardPlainHttp(RoutingContext rc, String path, String contentType, String explicitKey) {
        Optional<FunctionCatalog.Entry> function = catalog.byPath(path);
        if (function.isEmpty()) {
            reject(rc, null, ProblemKind.UNKNOWN_FUNCTION, "No function is served at " + path + ".", List.of());
            return;
        }
        if (contentType == null || !contentType.startsWith(JSON)) {
            reject(rc, function.get().name(), ProblemKind.UNSUPPORTED_MEDIA_TYPE,
                    "Send the input as Content-Type: application/json, or as a CloudEvent.",
                    List.of(new FieldError("Content-Type", "must be application/json, was " + contentType)));
            return;
        }
        if (function.get().hasInput() && bodyLength(rc) == 0) {
            reject(rc, function.get().name(), ProblemKind.MISSING_BODY, "The function needs a JSON body.",
                    List.of(new FieldError("$", "is required")));
            return;
        }
        if (!function.get().hasInput()) {
            // Funqy fails with a NullPointerException (a 500) on a function without input called with no body at all,
            // or with any body: it takes none, or {}.
            String body = rc.body().buffer() == null ? "" : rc.body().buffer().toString().strip();
            if (!body.isEmpty() && !EMPTY_OBJECT.matcher(body).matches()) {
                reject(rc, function.get().name(), ProblemKind.BAD_REQUEST, "The function takes no input.",
                        List.of(new FieldError("$", "must be empty or {}")));
                return;
            }
            rc.setBody(Buffer.buffer());
        }
        rc.put(InvocationRequest.KEY, new InvocationRequest(function.get().name(), InvocationRequest.Mode.HTTP,
                null, null, null, explicitKey));
        rc.next();
    }

    private void guardCloudEvent(RoutingContext rc, boolean binary, String explicitKey) {
        List<FieldError> missing = binary ? CloudEventRequests.missingHeaders(rc) : List.of();
        if (!missing.isEmpty()) {
            reject(rc, null, ProblemKind.BAD_REQUEST, "The request is not a valid CloudEvent: binary mode needs "
                    + String.join(", ", CloudEventRequests.REQUIRED_HEADERS) + ".", missing);
            return;
        }
        CloudEvent event;
        try {
            event = CloudEventRequests.read(rc, binary);
        } catch (RuntimeException e) {
            reject(rc, null, ProblemKind.BAD_REQUEST, "The request is not a valid CloudEvent: " + e.getMessage(),
                    List.of(new FieldError(binary ? "ce-* headers" : "$", String.valueOf(e.getMessage()))));
            return;
        }
        if (event == null) {
            reject(rc, null, ProblemKind.BAD_REQUEST, "The request is not a valid CloudEvent: the body is JSON null.",
                    List.of(new FieldError("$", "must be a CloudEvent object")));
            return;
        }
        Optional<FunctionCatalog.Entry> function = catalog.byCloudEventType(event.getType());
        if (function.isEmpty()) {
            reject(rc, null, ProblemKind.UNKNOWN_FUNCTION, "No function handles CloudEvents of type " + event.getType() + ".",
                    List.of(new FieldError("type", "no function is triggered by " + event.getType())));
            return;
        }
        String name = function.get().name();
        if (function.get().hasInput()) {
            String dataType = event.getDataContentType();
            boolean json = dataType != null ? dataType.startsWith(JSON) : !binary;
            if (!json) {
                reject(rc, name, ProblemKind.UNSUPPORTED_MEDIA_TYPE, "The CloudEvent's data must be JSON.",
                        List.of(new FieldError(binary ? "Content-Type" : "datacontenttype",
                                "must be application/json, was " + dataType)));
                return;
            }
            if (event.getData() == null || event.getData().toBytes().length == 0) {
                reject(rc, name, ProblemKind.MISSING_BODY, "The CloudEvent carries no data.",
                        List.of(new FieldError("data", "is required")));
                return;
            }
        }
        rc.put(InvocationRequest.KEY, InvocationRequest.of(name, event, binary, explicitKey));
        rc.next();
    }

    void renderFailure(RoutingContext rc) {
        if (rc.response().ended() || rc.response().headWritten()) {
            if (!rc.response().ended()) {
                rc.response().reset();
            }
            return;
        }
        Throwable failure = rc.failure();
        Classified classified = failure != null ? Problems.fromThrowable(failure) : fromStatus(rc);
        Problems.retryAfterSeconds(failure).ifPresent(seconds -> rc.response().putHeader(HttpHeaders.RETRY_AFTER, seconds.toString()));
        if (RedisFailures.isUnavailable(failure)) {
            REDIS_DOWN.warn(rc.request().method() + " " + rc.normalizedPath() + ": Redis is unavailable or saturated ("
                    + RedisFailures.describe(failure) + ")");
            classified = Problems.classified(ProblemKind.UPSTREAM_UNAVAILABLE,
                    "The function's store (Redis) is unavailable or saturated; retry shortly.", List.of());
            rc.response().putHeader("Retry-After", "1");
        }
        if (isFormDecoding(failure)) {
            // Vert.x' body handler decodes form and multipart bodies itself, and fails on what it cannot decode.
            classified = Problems.classified(ProblemKind.UNSUPPORTED_MEDIA_TYPE,
                    "Form and multipart bodies are not accepted: send application/json, or a CloudEvent with JSON data.", List.of());
        }
        if (classified.kind() == ProblemKind.INVALID_TYPE || classified.kind() == ProblemKind.BAD_REQUEST) {
            // Jackson reports a truncated document as a binding error; a body that is not JSON at all is malformed.
            classified = malformedBody(rc).orElse(classified);
        }
        InvocationRequest invocation = rc.get(InvocationRequest.KEY);
        String function = invocation != null ? invocation.function() : FunctionMetrics.UNKNOWN_FUNCTION;
        if (classified.kind() == ProblemKind.INTERNAL) {
            LOG.errorf(failure, "%s %s failed in function %s", rc.request().method(), rc.normalizedPath(), function);
        } else {
            LOG.debugf("%s %s rejected: %s", rc.request().method(), rc.normalizedPath(), classified.problem().detail());
        }
        respond(rc, function, classified.kind(), classified.problem());
    }

    private static boolean isFormDecoding(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("io.netty.handler.codec.http.multipart.")) {
                return true;
            }
        }
        return false;
    }

    /** Funqy and Vert.x fail with a bare status; map it, and for a 400 re-read the body to name the bad field. */
    private Classified fromStatus(RoutingContext rc) {
        return switch (rc.statusCode()) {
            case 400 -> explainBadBody(rc);
            case 404 -> Problems.classified(ProblemKind.UNKNOWN_FUNCTION, "Nothing is served at " + rc.normalizedPath() + ".", List.of());
            case 405 -> Problems.classified(ProblemKind.METHOD_NOT_ALLOWED, "Functions are invoked with POST.", List.of());
            case 406, 415 -> Problems.classified(ProblemKind.UNSUPPORTED_MEDIA_TYPE,
                    "Send application/json or a CloudEvent with JSON data.", List.of());
            case 409 -> Problems.classified(ProblemKind.CONFLICT, "The request conflicts with the function's routing.", List.of());
            case BodyDeadline.STATUS -> Problems.classified(ProblemKind.REQUEST_TIMEOUT,
                    "The request body did not arrive in time (agentfleet.sdk.http.body-timeout).", List.of());
            case 413 -> Problems.classified(ProblemKind.PAYLOAD_TOO_LARGE,
                    "The request body is larger than this function accepts (quarkus.http.limits.max-body-size).", List.of());
            default -> Problems.classified(ProblemKind.INTERNAL, "The request failed.", List.of());
        };
    }

    private Classified explainBadBody(RoutingContext rc) {
        InvocationRequest invocation = rc.get(InvocationRequest.KEY);
        Optional<FunctionCatalog.Entry> function = invocation == null ? Optional.empty() : catalog.byPath("/" + invocation.function());
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        if (function.isPresent() && function.get().hasInput() && body != null) {
            try {
                mapper.readerFor(mapper.constructType(function.get().inputType())).readValue(body.getBytes());
            } catch (JsonProcessingException e) {
                return Problems.fromJson(e);
            } catch (java.io.IOException e) {
                // fall through to the generic answer
            }
        }
        return Problems.classified(ProblemKind.BAD_REQUEST, "The request body cannot be read as this function's input.", List.of());
    }

    /** The syntax error of a plain-HTTP or binary-CloudEvent body (a structured envelope was checked in the guard). */
    private Optional<Classified> malformedBody(RoutingContext rc) {
        InvocationRequest invocation = rc.get(InvocationRequest.KEY);
        Buffer body = rc.body() == null ? null : rc.body().buffer();
        if (invocation == null || invocation.mode() == InvocationRequest.Mode.CLOUDEVENT_STRUCTURED || body == null) {
            return Optional.empty();
        }
        try (var parser = mapper.createParser(body.getBytes())) {
            while (parser.nextToken() != null) {
                // read to the end: only the syntax matters here
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(Problems.fromJson(e));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private void reject(RoutingContext rc, String function, ProblemKind kind, String detail, List<FieldError> errors) {
        respond(rc, function == null ? FunctionMetrics.UNKNOWN_FUNCTION : function, kind, kind.problem(detail, errors));
    }

    private void reject(RoutingContext rc, String function, Problem problem, ProblemKind kind) {
        respond(rc, function == null ? FunctionMetrics.UNKNOWN_FUNCTION : function, kind, problem);
    }

    private void respond(RoutingContext rc, String function, ProblemKind kind, Problem problem) {
        metrics.error(function, kind);
        Problem body = problem.withInstance(rc.normalizedPath());
        var response = rc.response().setStatusCode(body.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (kind == ProblemKind.METHOD_NOT_ALLOWED) {
            response.putHeader(HttpHeaders.ALLOW, "POST");
        } else if (kind == ProblemKind.UNAUTHORIZED) {
            response.putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        } else if (kind == ProblemKind.DUPLICATE_IN_FLIGHT || kind == ProblemKind.UPSTREAM_UNAVAILABLE) {
            response.putHeader(HttpHeaders.RETRY_AFTER, "1");
        }
        // A body cut off (too large, too slow) is still arriving: close the connection after the answer instead of
        // reading and discarding whatever the client keeps sending.
        boolean close = kind == ProblemKind.PAYLOAD_TOO_LARGE || kind == ProblemKind.REQUEST_TIMEOUT;
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Buffer payload;
        try {
            payload = Buffer.buffer(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            payload = Buffer.buffer("{\"status\":" + body.status() + "}");
        }
        response.end(payload).onComplete(done -> {
            if (kind == ProblemKind.PAYLOAD_TOO_LARGE) {
                lingerThenClose(rc.request());
            } else if (close) {
                rc.request().connection().close();
            }
        });
    }

    /**
     * After a 413 the client may still be sending its body. Closing at once would reset the connection with that data
     * unread, and a client that reads its answer only after sending (most do) would see the reset, not the 413. So the
     * rest is read and discarded, but only up to one more body limit's worth or {@link #LINGER_MS}, whichever comes
     * first; then the connection is closed. A body streamed on without end is cut there.
     */
    private void lingerThenClose(HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long[] discarded = { 0 };
        long timer = vertx.setTimer(LINGER_MS, id -> request.connection().close());
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > maxBodyBytes) {
                vertx.cancelTimer(timer);
                request.connection().close();
            }
        });
        request.endHandler(end -> {
            vertx.cancelTimer(timer);
            request.connection().close();
        });
        request.resume();
    }

    private static int bodyLength(RoutingContext rc) {
        return rc.body() == null || rc.body().buffer() == null ? 0 : rc.body().buffer().length();
    }
}
