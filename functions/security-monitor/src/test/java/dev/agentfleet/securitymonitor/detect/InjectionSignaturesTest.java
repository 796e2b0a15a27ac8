package dev.agentfleet.securitymonitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.agentfleet.securitymonitor.model.IncidentType;
import dev.agentfleet.securitymonitor.model.LogEvent;

class InjectionSignaturesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/products?id=1' OR '1'='1                 | SQL_INJECTION",
            "/products?id=1 UNION ALL SELECT password   | SQL_INJECTION",
            "/search?q=x'; DROP TABLE users; --         | SQL_INJECTION",
            "/login?user=admin'--                       | SQL_INJECTION",
            "/q?id=1 AND SLEEP(5)                       | SQL_INJECTION",
            "/comment?text=<script>alert(1)</script>    | XSS",
            "/p?x=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E | XSS",
            "/go?url=javascript:alert(document.cookie)  | XSS",
            "/static/../../etc/passwd                   | PATH_TRAVERSAL",
            "/files?name=%252e%252e%252fsecret          | PATH_TRAVERSAL" })
    void findsSignature(String path, IncidentType expected) {
        assertThat(InjectionSignatures.scan(request(path, Map.of()))).extracting(InjectionSignatures.Match::type).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/products?id=42", "/search?q=union+station+timetable", "/docs/getting-started.html",
            "/api/orders?sort=created&order=desc", "/blog/why-or-how", "/a/b/c?select=name" })
    void benignRequestsAreClean(String path) {
        assertThat(InjectionSignatures.scan(request(path, Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "1' or 'a'='a", "<SCRIPT src=//evil>" })
    void scansParametersAndNamesTheField(String value) {
        List<InjectionSignatures.Match> matches = InjectionSignatures.scan(request("/form", Map.of("comment", value)));
        assertThat(matches).singleElement().extracting(InjectionSignatures.Match::field).isEqualTo("params.comment");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/q?id=1 OR 2=2x", "/q?id=1 or a=b", "/q?text=more or less" })
    void anOrIsATautologyOnlyWhenBothSidesAreTheSame(String path) {
        assertThat(InjectionSignatures.scan(request(path, Map.of()))).isEmpty();
    }

    /**
     * Inputs that made the backtracking patterns quadratic (a 40 kB run of '<' took 3.3 s): a parameter of each, 256 kB,
     * is scanned in linear time. The timeout only turns a hang into a failure (before RE2/J these took minutes); the
     * time is printed for the README's figure.
     */
    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.Timeout(60)
    void adversarialParametersAreScannedInLinearTime() {
        int size = 256 * 1024;
        Map<String, String> params = Map.of(
                "a", "<".repeat(size),
                "b", ";" + " ".repeat(size),
                "c", "' or a " + " ".repeat(size) + "=",
                "d", "< onerror".repeat(size / 9),
                "e", " or a".repeat(size / 5));
        long started = System.nanoTime();
        List<InjectionSignatures.Match> matches = InjectionSignatures.scan(request("/form", params));
        System.out.printf("injection signatures: %d kB of adversarial parameters scanned in %d ms%n", params.values().stream()
                .mapToInt(String::length).sum() / 1024, (System.nanoTime() - started) / 1_000_000);
        assertThat(matches).extracting(InjectionSignatures.Match::type).doesNotContain(IncidentType.PATH_TRAVERSAL);
    }

    private static LogEvent request(String path, Map<String, String> params) {
        return new LogEvent(null, Instant.parse("2026-11-01T10:00:00Z"), "request", null, "198.51.100.7", null, null, null, "GET",
                path, params, 200);
    }
}
