package dev.agentfleet.securitymonitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.securitymonitor.model.Incident;
import dev.agentfleet.securitymonitor.model.IncidentType;
import dev.agentfleet.securitymonitor.model.LogBatch;
import dev.agentfleet.securitymonitor.model.LogEvent;
import dev.agentfleet.securitymonitor.model.Severity;
import dev.agentfleet.securitymonitor.model.ThreatReport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Known batches with a known number of incidents, against a real Redis; names are fresh per test. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class ThreatDetectorTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    @Inject
    ThreatDetector detector;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void mixedBatchHasExactlyTheNineKnownIncidents() {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(failedLogin("alice-" + run, "10.1.0.1-" + run, i));
        }
        for (int i = 0; i < 12; i++) {
            events.add(failedLogin("user" + i + "-" + run, "10.2.0.2-" + run, i));
        }
        events.add(login("bob-" + run, "10.3.0.1", 48.8566, 2.3522, 0));          // Paris
        events.add(login("bob-" + run, "10.3.0.2", -33.8688, 151.2093, 60 * 60)); // Sydney an hour later
        events.add(request("10.4.0.1", "/item?id=1 UNION SELECT secret FROM keys", 5));
        events.add(request("10.4.0.2", "/c?t=<script>alert(1)</script>", 6));
        events.add(request("10.4.0.3", "/static/../../etc/passwd", 7));
        for (int i = 0; i < 400; i++) {
            events.add(request("10.5.0.1-" + run, "/api/items/" + i, i / 10));
        }

        ThreatReport report = detector.detect(new LogBatch(events));

        assertThat(report.eventsAnalyzed()).isEqualTo(events.size());
        assertThat(report.incidents()).hasSize(9);
        assertThat(report.countsByType()).containsEntry(IncidentType.BRUTE_FORCE, 3) // alice, 10.1.0.1, 10.2.0.2
                .containsEntry(IncidentType.CREDENTIAL_STUFFING, 1)
                .containsEntry(IncidentType.IMPOSSIBLE_TRAVEL, 1)
                .containsEntry(IncidentType.SQL_INJECTION, 1)
                .containsEntry(IncidentType.XSS, 1)
                .containsEntry(IncidentType.PATH_TRAVERSAL, 1)
                .containsEntry(IncidentType.REQUEST_RATE_ANOMALY, 1);
        assertThat(report.incidents().get(0).severity()).as("most severe first").isEqualTo(Severity.CRITICAL);
        Incident travel = report.incidents().stream().filter(i -> i.type() == IncidentType.IMPOSSIBLE_TRAVEL).findFirst().orElseThrow();
        assertThat(Double.parseDouble(travel.evidence().get("distanceKm"))).isBetween(16_900.0, 17_000.0);
    }

    @Test
    void bruteForceWindowSpansBatchesAndOpensOneIncident() {
        String user = "carol-" + run;
        ThreatReport first = detector.detect(new LogBatch(List.of(failedLogin(user, "10.6.0.1", 0), failedLogin(user, "10.6.0.2", 10),
                failedLogin(user, "10.6.0.3", 20))));
        ThreatReport second = detector.detect(new LogBatch(List.of(failedLogin(user, "10.6.0.4", 30), failedLogin(user, "10.6.0.5", 40))));
        ThreatReport third = detector.detect(new LogBatch(List.of(failedLogin(user, "10.6.0.6", 50))));

        assertThat(first.incidents()).isEmpty();
        assertThat(second.incidents()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(IncidentType.BRUTE_FORCE);
            assertThat(i.subject()).isEqualTo("user:" + user);
            assertThat(i.evidence()).containsEntry("count", "5");
        });
        assertThat(third.incidents()).as("the open window does not raise the same incident again").isEmpty();
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        String user = "dave-" + run;
        List<LogEvent> spread = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            spread.add(failedLogin(user, "10.7.0." + i, i * 120)); // one every 2 minutes: never 5 within 5 minutes
        }
        assertThat(detector.detect(new LogBatch(spread)).incidents()).isEmpty();
    }

    @Test
    void resentBatchIsNotCountedTwice() {
        String user = "erin-" + run;
        List<LogEvent> batch = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LogEvent e = failedLogin(user, "10.8.0.1", i);
            batch.add(new LogEvent("evt-" + run + "-" + i, e.timestamp(), e.kind(), e.user(), e.ip(), e.success(), null, null, null,
                    null, null, null));
        }
        detector.detect(new LogBatch(batch));
        assertThat(detector.detect(new LogBatch(batch)).incidents()).isEmpty();
    }

    @Test
    void impossibleTravelIsFoundAcrossBatchesButNotForAPlausibleTrip() {
        String fast = "frank-" + run;
        String slow = "grace-" + run;
        detector.detect(new LogBatch(List.of(login(fast, "10.9.0.1", 52.52, 13.405, 0), login(slow, "10.9.0.3", 52.52, 13.405, 0))));

        // Berlin -> New York (6,385 km): 30 minutes later for frank, 9 hours later for grace
        ThreatReport report = detector.detect(new LogBatch(List.of(login(fast, "10.9.0.2", 40.7128, -74.006, 30 * 60),
                login(slow, "10.9.0.4", 40.7128, -74.006, 9 * 3600))));

        assertThat(report.incidents()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo(IncidentType.IMPOSSIBLE_TRAVEL);
            assertThat(i.subject()).isEqualTo("user:" + fast);
        });
    }

    private static LogEvent failedLogin(String user, String ip, int secondsAfter) {
        return new LogEvent(null, T0.plusSeconds(secondsAfter), "auth", user, ip, false, null, null, null, null, null, null);
    }

    private static LogEvent login(String user, String ip, double lat, double lon, int secondsAfter) {
        return new LogEvent(null, T0.plusSeconds(secondsAfter), "auth", user, ip, true, lat, lon, null, null, null, null);
    }

    private static LogEvent request(String ip, String path, int secondsAfter) {
        return new LogEvent(null, T0.plusSeconds(secondsAfter).plusNanos(path.hashCode() & 0xffff), "request", null, ip, null, null,
                null, "GET", path, Map.of(), 200);
    }
}
