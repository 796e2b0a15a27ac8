package dev.agentfleet.sdk.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Turns what went wrong (an exception, or a bare status code from Funqy) into a {@link Problem}. */
public final class Problems {

    /** The problem and its kind, the kind being what the metrics count. */
    public record Classified(ProblemKind kind, Problem problem) {
    }

    private Problems() {
    }

    /** Classifies a failure by its exception, looking through wrappers such as Funqy's ApplicationException. */
    public static Classified fromThrowable(Throwable failure) {
        boolean thrownByFunction = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProblemException pe) {
                return new Classified(pe.kind(), pe.problem());
            }
            if (t instanceof ConstraintViolationException cve) {
                return classified(ProblemKind.VALIDATION, "The request has invalid fields.", violations(cve));
            }
            // Funqy wraps what the function itself throws; JSON the function fails to read is its fault, not the caller's.
            thrownByFunction |= t.getClass().getName().equals("io.quarkus.funqy.runtime.ApplicationException");
            if (t instanceof JsonProcessingException jpe && !thrownByFunction) {
                return fromJson(jpe);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return classified(ProblemKind.INTERNAL, "The function failed unexpectedly; the error is logged.", List.of());
    }

    /** The {@code Retry-After} (seconds) the failure's {@link ProblemException} asks for, looking through wrappers. */
    public static java.util.Optional<Long> retryAfterSeconds(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException pe) {
                return java.util.Optional.ofNullable(pe.retryAfterSeconds());
            }
        }
        return java.util.Optional.empty();
    }

    /** Classifies a Jackson failure to read or bind the request body. */
    public static Classified fromJson(JsonProcessingException e) {
        if (e instanceof ValueInstantiationException vie) {
            String reason = vie.getCause() != null && vie.getCause().getMessage() != null ? vie.getCause().getMessage() : "is invalid";
            return classified(ProblemKind.VALIDATION, "The request has invalid fields.", List.of(new FieldError(path(vie), reason)));
        }
        if (e instanceof MismatchedInputException mie) {
            String field = path(mie);
            String expected = mie.getTargetType() == null ? "another type" : describe(mie.getTargetType());
            return classified(ProblemKind.INVALID_TYPE, "A field has the wrong JSON type.",
                    List.of(new FieldError(field, "must be " + expected)));
        }
        if (e instanceof JsonMappingException jme) {
            return classified(ProblemKind.INVALID_TYPE, "A field cannot be read.",
                    List.of(new FieldError(path(jme), firstLine(jme.getOriginalMessage()))));
        }
        if (e instanceof StreamReadException sre) {
            String where = sre.getLocation() == null ? "" : " at line " + sre.getLocation().getLineNr() + ", column "
                    + sre.getLocation().getColumnNr();
            return classified(ProblemKind.MALFORMED_JSON, "The request body is not valid JSON" + where + ".",
                    List.of(new FieldError("$", firstLine(sre.getOriginalMessage()))));
        }
        return classified(ProblemKind.MALFORMED_JSON, "The request body is not valid JSON.",
                List.of(new FieldError("$", firstLine(e.getOriginalMessage()))));
    }

    /** A problem of {@code kind} with a detail and optional field errors. */
    public static Classified classified(ProblemKind kind, String detail, List<FieldError> errors) {
        return new Classified(kind, kind.problem(detail, errors));
    }

    /** Each violation as a field path into the request body; method and parameter nodes are left out. */
    static List<FieldError> violations(ConstraintViolationException e) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field).thenComparing(FieldError::message));
        return errors;
    }

    private static String fieldOf(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER
                    || node.getKind() == ElementKind.CONSTRUCTOR || node.getKind() == ElementKind.RETURN_VALUE
                    || node.getKind() == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                field.append('[').append(node.getKey()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        return field.isEmpty() ? "$" : field.toString();
    }

    private static String path(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "$" : field.toString();
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class || type.isEnum()) {
            return type.isEnum() ? "one of " + java.util.Arrays.toString(type.getEnumConstants()) : "a string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == java.math.BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 " + type.getSimpleName() + " string";
        }
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cannot be parsed";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
