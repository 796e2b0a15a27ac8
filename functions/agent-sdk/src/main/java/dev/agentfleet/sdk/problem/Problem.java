package dev.agentfleet.sdk.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem ({@code urn:agentfleet:problem:validation}); stable, for programs
 * @param title    a short summary of that kind, the same for every occurrence
 * @param status   the HTTP status code
 * @param detail   what went wrong this time, for a person; never a stack trace or a secret
 * @param instance the request path the problem occurred on
 * @param errors   each bad field, when the problem is about the request's content
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public Problem withInstance(String newInstance) {
        return new Problem(type, title, status, detail, newInstance, errors);
    }
}
