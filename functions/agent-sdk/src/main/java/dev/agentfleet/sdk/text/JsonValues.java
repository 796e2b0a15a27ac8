package dev.agentfleet.sdk.text;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.sdk.problem.FieldError;

/**
 * Values a JSON document may hold that do not survive being stored and read back: a number beyond a double's range
 * ({@code 1e400} parses to infinity and would be written as the string {@code "Infinity"}) and a string or field name
 * with a lone UTF-16 surrogate ({@code "\ud800"}, which UTF-8 cannot encode and would become {@code "?"}). What takes
 * JSON to keep it refuses these, naming the field, rather than store something other than what it was sent.
 */
public final class JsonValues {

    /** At most this many problems are reported for one document. */
    private static final int MAX_ERRORS = 20;

    private JsonValues() {
    }

    /** The values under {@code node} that cannot round-trip, each with its path below {@code path} ({@code input.a[2]}). */
    public static List<FieldError> unrepresentable(JsonNode node, String path) {
        List<FieldError> errors = new ArrayList<>();
        visit(node, path, errors);
        return errors;
    }

    private static void visit(JsonNode node, String path, List<FieldError> errors) {
        if (node == null || errors.size() >= MAX_ERRORS) {
            return;
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) && !node.isBigDecimal()) {
            errors.add(new FieldError(path, "is a number beyond the range of a double; send it as a string"));
        } else if (node.isTextual() && hasLoneSurrogate(node.textValue())) {
            errors.add(new FieldError(path, "holds a lone UTF-16 surrogate, which is not valid Unicode text"));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                visit(node.get(i), path + "[" + i + "]", errors);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (hasLoneSurrogate(field.getKey())) {
                    errors.add(new FieldError(path.isEmpty() ? "$" : path,
                            "has a field name with a lone UTF-16 surrogate, which is not valid Unicode text"));
                    child = path + ".?";
                }
                visit(field.getValue(), child, errors);
            }
        }
    }

    /** Whether a surrogate appears without its partner. */
    public static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
