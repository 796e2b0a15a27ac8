package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the two kinds of step that pause a run's path rather than call a function: {@code wait} and {@code sleep}. */
final class PauseSteps {

    private static final Set<String> WAIT = Set.of("signal", "schema", "timeout", "onTimeout", "default", "roles");
    static final Pattern SIGNAL = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]*");
    /** How long a wait or a sleep may last at most (a run's deadline, when set, bounds it too). */
    static final Duration MAX_WAIT = DefinitionReader.MAX_DEADLINE;
    static final Duration DEFAULT_WAIT = Duration.ofDays(1);

    private final DocumentFields fields;

    PauseSteps(DocumentFields fields) {
        this.fields = fields;
    }

    /** {@code wait: {signal, schema, timeout, onTimeout: fail|continue, default, roles}}. */
    StepDefinition.Wait waitFor(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            fields.error(path, "must be an object with signal (and schema, timeout, onTimeout, default, roles)");
            return null;
        }
        fields.unknownFields(node, WAIT, path + ".");
        String signal = fields.text(node, "signal", path + ".signal", true);
        if (signal != null && (!SIGNAL.matcher(signal).matches() || signal.length() > 63)) {
            fields.error(path + ".signal", "must be lower-case letters, digits and dashes, at most 63 characters, was '"
                    + signal + "'");
        }
        JsonNode schema = node.get("schema");
        if (schema != null && !schema.isObject()) {
            fields.error(path + ".schema", "must be a JSON Schema object");
        }
        Duration timeout = fields.duration(node.get("timeout"), path + ".timeout", DEFAULT_WAIT);
        if (timeout != null && timeout.compareTo(MAX_WAIT) > 0) {
            fields.error(path + ".timeout", "must be at most " + MAX_WAIT + ", was " + timeout);
        }
        String onTimeout = fields.text(node, "onTimeout", path + ".onTimeout", false);
        JsonNode orElse = node.get("default");
        if (onTimeout != null && !onTimeout.equals("fail") && !onTimeout.equals("continue")) {
            fields.error(path + ".onTimeout", "must be fail or continue, was '" + onTimeout + "'");
        } else if ("continue".equals(onTimeout) && (orElse == null || orElse.isNull())) {
            fields.error(path + ".default", "is required with onTimeout: continue (the payload the step goes on with, not null)");
        } else if (!"continue".equals(onTimeout) && orElse != null) {
            fields.error(path + ".default", "is used only with onTimeout: continue");
        }
        List<String> roles = new ArrayList<>();
        JsonNode roleNodes = node.get("roles");
        if (roleNodes != null && !roleNodes.isNull()) {
            if (!roleNodes.isArray() || roleNodes.size() > 16) {
                fields.error(path + ".roles", "must be a list of at most 16 role names");
            } else {
                for (int i = 0; i < roleNodes.size(); i++) {
                    String role = roleNodes.get(i).asText();
                    if (!roleNodes.get(i).isTextual() || !ROLE.matcher(role).matches() || role.length() > 63) {
                        fields.error(path + ".roles[" + i + "]", "must be a role name (lower-case words joined by dashes)");
                    } else {
                        roles.add(role);
                    }
                }
            }
        }
        return new StepDefinition.Wait(signal, schema, timeout, "continue".equals(onTimeout) ? orElse : null, List.copyOf(roles));
    }

    /** {@code sleep: 10m} or {@code sleep: {until: <jq>}}. */
    StepDefinition.Sleep sleep(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            fields.unknownFields(node, Set.of("until"), path + ".");
            String until = fields.jq(node.get("until"), path + ".until", null);
            if (until == null && !node.hasNonNull("until")) {
                fields.error(path + ".until", "is required (a jq expression giving epoch milliseconds or an ISO-8601 instant)");
            }
            return new StepDefinition.Sleep(null, until);
        }
        Duration duration = fields.duration(node, path, null);
        if (duration != null && duration.compareTo(MAX_WAIT) > 0) {
            fields.error(path, "must be at most " + MAX_WAIT + ", was " + duration);
        }
        return new StepDefinition.Sleep(duration, null);
    }
}
