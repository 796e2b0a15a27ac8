package dev.agentfleet.securitymonitor.detect;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import dev.agentfleet.securitymonitor.model.IncidentType;
import dev.agentfleet.securitymonitor.model.LogEvent;

/**
 * Attack signatures in request paths and parameters: SQL injection, cross-site scripting and path traversal. Values are
 * URL-decoded twice first, so {@code %2e%2e%2f} and double-encoded payloads are seen as what the server would see.
 *
 * <p>The values are the attacker's, so the patterns run on RE2/J, whose matching time grows linearly with the input:
 * with {@code java.util.regex} a 40 kB parameter of {@code <} characters took 3.3 s in the event-handler pattern
 * (backtracking, quadratic), and a 1 MB batch would have held a core for half an hour. RE2 has no back-references,
 * so the tautology ({@code or 1=1}) captures both sides and compares them in code.
 */
public final class InjectionSignatures {

    /** A signature found in one field of one event. */
    public record Match(IncidentType type, String signature, String field, String excerpt) {
    }

    private record Signature(IncidentType type, String name, Pattern pattern, Predicate<Matcher> confirm) {

        Signature(IncidentType type, String name, Pattern pattern) {
            this(type, name, pattern, m -> true);
        }
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE;

    private static final List<Signature> SIGNATURES = List.of(
            new Signature(IncidentType.SQL_INJECTION, "union-select", Pattern.compile("\\bunion\\b\\s+(all\\s+)?select\\b", FLAGS)),
            new Signature(IncidentType.SQL_INJECTION, "tautology", Pattern.compile("\\bor\\b\\s+['\"]?(\\w+)['\"]?\\s*=\\s*['\"]?(\\w+)\\b", FLAGS),
                    m -> m.group(1).equalsIgnoreCase(m.group(2))),
            new Signature(IncidentType.SQL_INJECTION, "stacked-query", Pattern.compile(";\\s*(drop|delete|insert|update|alter|create)\\s", FLAGS)),
            new Signature(IncidentType.SQL_INJECTION, "time-based", Pattern.compile("\\b(sleep|pg_sleep|benchmark)\\s*\\(|\\bwaitfor\\s+delay\\b", FLAGS)),
            new Signature(IncidentType.SQL_INJECTION, "comment-terminator", Pattern.compile("'\\s*(--|#|/\\*)", FLAGS)),
            new Signature(IncidentType.SQL_INJECTION, "schema-probe", Pattern.compile("\\binformation_schema\\b|\\bsysobjects\\b", FLAGS)),
            new Signature(IncidentType.XSS, "script-tag", Pattern.compile("<\\s*/?\\s*script\\b", FLAGS)),
            new Signature(IncidentType.XSS, "javascript-uri", Pattern.compile("javascript\\s*:", FLAGS)),
            new Signature(IncidentType.XSS, "event-handler", Pattern.compile("<[^>]*\\bon(error|load|click|mouseover|focus)\\s*=", FLAGS)),
            new Signature(IncidentType.XSS, "iframe", Pattern.compile("<\\s*iframe\\b", FLAGS)),
            new Signature(IncidentType.PATH_TRAVERSAL, "dot-dot-slash", Pattern.compile("\\.\\.[/\\\\]")),
            new Signature(IncidentType.PATH_TRAVERSAL, "sensitive-file", Pattern.compile("/etc/(passwd|shadow)|\\bwin\\.ini\\b|\\bboot\\.ini\\b", FLAGS)),
            new Signature(IncidentType.PATH_TRAVERSAL, "null-byte", Pattern.compile("\u0000")));

    private InjectionSignatures() {
    }

    /** Every signature type found in the event, at most one match per type (the first). */
    public static List<Match> scan(LogEvent event) {
        List<Match> matches = new ArrayList<>();
        if (event.path() != null) {
            scanField("path", event.path(), matches);
        }
        if (event.params() != null) {
            for (Map.Entry<String, String> param : event.params().entrySet()) {
                scanField("params." + param.getKey(), param.getValue(), matches);
            }
        }
        return matches;
    }

    private static void scanField(String field, String raw, List<Match> matches) {
        if (raw == null) {
            return;
        }
        String value = decode(decode(raw));
        for (Signature s : SIGNATURES) {
            if (matches.stream().anyMatch(m -> m.type() == s.type())) {
                continue;
            }
            Matcher m = s.pattern().matcher(value);
            int from = 0;
            while (from <= value.length() && m.find(from)) {
                if (s.confirm().test(m)) {
                    matches.add(new Match(s.type(), s.name(), field, excerpt(value, m.start())));
                    break;
                }
                from = m.start() + 1;
            }
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value; // not valid percent-encoding: scan it as it is
        }
    }

    private static String excerpt(String value, int at) {
        int from = Math.max(0, at - 20);
        int to = Math.min(value.length(), at + 60);
        return value.substring(from, to).replaceAll("\\p{Cntrl}", "?");
    }
}
