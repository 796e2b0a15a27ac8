package dev.agentfleet.sdk.problem;

/**
 * The kinds of problem a function answers with: status, title, the {@code type} URI and the {@code kind} tag
 * on the {@code agentfleet.function.errors} metric. One list, so the API and the dashboards agree.
 */
public enum ProblemKind {
    MALFORMED_JSON(400, "Malformed JSON"),
    INVALID_TYPE(400, "Invalid field type"),
    MISSING_BODY(400, "Missing request body"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    VALIDATION(422, "Validation failed"),
    UNKNOWN_FUNCTION(404, "Unknown function"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    DUPLICATE_IN_FLIGHT(409, "Duplicate delivery in progress"),
    CONFLICT(409, "Conflict"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    BAD_REQUEST(400, "Bad request"),
    UPSTREAM_UNAVAILABLE(503, "Upstream unavailable"),
    INTERNAL(500, "Internal error");

    private final int status;
    private final String title;

    ProblemKind(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The metric tag and the last segment of the type URI, e.g. {@code invalid_type}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String typeUri() {
        return "urn:agentfleet:problem:" + tag().replace('_', '-');
    }

    /** A problem of this kind with the given detail and field errors. */
    public Problem problem(String detail, java.util.List<FieldError> errors) {
        return new Problem(typeUri(), title, status, detail, null, errors);
    }
}
