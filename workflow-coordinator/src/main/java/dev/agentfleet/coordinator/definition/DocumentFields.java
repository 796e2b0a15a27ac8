package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.sdk.problem.FieldError;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Reads the fields of a definition document one by one, adding a {@link FieldError} that names the field to the shared
 * list instead of stopping at the first problem, and returning the fallback (or null) for a field in error.
 */
final class DocumentFields {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private final List<FieldError> errors;

    DocumentFields(List<FieldError> errors) {
        this.errors = errors;
    }

    void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            String field = it.next().getKey();
            if (!known.contains(field)) {
                errors.add(new FieldError(prefix + field, "is not a known field (known: " + String.join(", ", known) + ")"));
            }
        }
    }

    String text(JsonNode node, String field, String path, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            errors.add(new FieldError(path, "must be a string"));
            return null;
        }
        return value.asText();
    }

    String functionRef(JsonNode value, String path, boolean required) {
        if (value == null || value.isNull()) {
            if (required) {
                errors.add(new FieldError(path, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || !DefinitionReader.FUNCTION.matcher(value.asText()).matches()) {
            errors.add(new FieldError(path, "must be <service>/<function>, e.g. weather/forecast, was " + value));
            return null;
        }
        return value.asText();
    }

    String jq(JsonNode value, String path, String fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(path, "must be a jq expression (a string)"));
            return null;
        }
        try {
            Jq.compile(value.asText());
        } catch (JsonQueryException e) {
            errors.add(new FieldError(path, "is not valid jq: " + firstLine(e.getMessage())));
        }
        return value.asText();
    }

    /** ISO-8601 ({@code PT30S}) or short ({@code 30s}, {@code 500ms}, {@code 5m}, {@code 1h}, {@code 2d}); positive. */
    Duration duration(JsonNode value, String path, Duration fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        Duration parsed = null;
        String text = value.asText().trim();
        Matcher shortForm = SHORT_DURATION.matcher(text);
        try {
            if (value.isTextual() && shortForm.matches()) {
                double amount = Double.parseDouble(shortForm.group(1));
                long millis = switch (shortForm.group(2)) {
                    case "ms" -> 1;
                    case "s" -> 1_000;
                    case "m" -> 60_000;
                    case "h" -> 3_600_000;
                    default -> 86_400_000;
                };
                parsed = Duration.ofMillis(Math.round(amount * millis));
            } else if (value.isTextual()) {
                parsed = Duration.parse(text);
            }
        } catch (DateTimeParseException e) {
            parsed = null;
        }
        if (parsed == null || parsed.isNegative() || parsed.isZero()) {
            errors.add(new FieldError(path, "must be a positive duration such as PT30S, 30s or 500ms, was " + value));
            return null;
        }
        if (parsed.compareTo(DefinitionReader.MAX_DURATION) > 0) {
            errors.add(new FieldError(path, "must be at most " + DefinitionReader.MAX_DURATION + ", was " + value));
            return null;
        }
        return parsed;
    }

    int integer(JsonNode value, String path, int fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            errors.add(new FieldError(path, "must be an integer, was " + value));
            return fallback;
        }
        return value.intValue();
    }

    double number(JsonNode value, String path, double fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            errors.add(new FieldError(path, "must be a number, was " + value));
            return fallback;
        }
        return value.doubleValue();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
