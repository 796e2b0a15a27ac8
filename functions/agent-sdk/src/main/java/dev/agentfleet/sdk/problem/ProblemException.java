package dev.agentfleet.sdk.problem;

import java.util.List;

/**
 * Thrown by a function (or the SDK) to answer with a specific problem instead of a 500, e.g. a 503 naming the
 * upstream that failed. The SDK's failure handler renders it as {@code application/problem+json}.
 */
public class ProblemException extends RuntimeException {

    private final ProblemKind kind;
    private final transient Problem problem;
    private final Long retryAfterSeconds;

    public ProblemException(ProblemKind kind, String detail) {
        this(kind, detail, List.of(), null);
    }

    public ProblemException(ProblemKind kind, String detail, List<FieldError> errors, Throwable cause) {
        this(kind, detail, errors, cause, null);
    }

    /** A problem the client may retry after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public ProblemException(ProblemKind kind, String detail, List<FieldError> errors, Throwable cause, Long retryAfterSeconds) {
        super(detail, cause, false, false);
        this.kind = kind;
        this.problem = kind.problem(detail, errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The {@code Retry-After} to answer with, in seconds; null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ProblemKind kind() {
        return kind;
    }

    public Problem problem() {
        return problem;
    }
}
