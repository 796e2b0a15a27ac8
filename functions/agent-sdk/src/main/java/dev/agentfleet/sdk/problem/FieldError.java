package dev.agentfleet.sdk.problem;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One bad field of a request.
 *
 * @param field   where the problem is, as a path into the request body ({@code values[2]}, {@code range.from});
 *                {@code $} for the body as a whole
 * @param message what is wrong with it, for a person
 */
@RegisterForReflection
public record FieldError(String field, String message) {
}
