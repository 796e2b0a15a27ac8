package dev.agentfleet.securitymonitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.securitymonitor.SecurityConfig;
import dev.agentfleet.securitymonitor.model.Incident;
import dev.agentfleet.securitymonitor.model.IncidentType;
import dev.agentfleet.securitymonitor.model.LogBatch;
import dev.agentfleet.securitymonitor.model.LogEvent;
import dev.agentfleet.securitymonitor.model.Severity;
import dev.agentfleet.securitymonitor.model.ThreatReport;

/**
 * Runs every detector over a batch. Window-based detections (brute force, credential stuffing, request rate) count in
 * Redis across batches and open one incident per window; impossible travel compares with each user's last login in
 * Redis; injection signatures look at each event alone.
 */
@ApplicationScoped
public class ThreatDetector {

    private final SlidingWindows windows;
    private final LastLogins lastLogins;
    private final SecurityConfig config;

    ThreatDetector(SlidingWindows windows, LastLogins lastLogins, SecurityConfig config) {
        this.windows = windows;
        this.lastLogins = lastLogins;
        this.config = config;
    }

    public ThreatReport detect(LogBatch batch) {
        List<LogEvent> events = batch.events().stream().sorted(Comparator.comparing(LogEvent::timestamp)).toList();
        List<Incident> incidents = new ArrayList<>();
        bruteForce(events, incidents);
        credentialStuffing(events, incidents);
        impossibleTravel(events, incidents);
        injections(events, incidents);
        requestRate(events, incidents);
        incidents.sort(Comparator.comparing(Incident::severity).reversed().thenComparing(Incident::at));
        Map<IncidentType, Integer> counts = new EnumMap<>(IncidentType.class);
        incidents.forEach(i -> counts.merge(i.type(), 1, Integer::sum));
        return new ThreatReport(events.size(), List.copyOf(incidents), counts);
    }

    private void bruteForce(List<LogEvent> events, List<Incident> incidents) {
        SecurityConfig.BruteForce bf = config.bruteForce();
        List<LogEvent> failures = events.stream().filter(LogEvent::isFailedLogin).toList();
        for (var byUser : groupBy(failures.stream().filter(e -> e.user() != null).toList(), LogEvent::user).entrySet()) {
            windowIncident("bf:user:" + byUser.getKey(), byUser.getValue(), LogEvent::occurrenceId, bf.window(), bf.failures())
                    .ifPresent(w -> incidents.add(new Incident(IncidentType.BRUTE_FORCE, Severity.HIGH, "user:" + byUser.getKey(),
                            w.count() + " failed logins for user " + byUser.getKey() + " within " + bf.window().toMinutes() + " min.",
                            evidence(w, bf.window(), "sourceIps", distinct(byUser.getValue(), LogEvent::ip)),
                            "Lock the account or require step-up authentication, notify the user, and review the source IPs.",
                            last(byUser.getValue()))));
        }
        for (var byIp : groupBy(failures, LogEvent::ip).entrySet()) {
            windowIncident("bf:ip:" + byIp.getKey(), byIp.getValue(), LogEvent::occurrenceId, bf.window(), bf.failures())
                    .ifPresent(w -> incidents.add(new Incident(IncidentType.BRUTE_FORCE, Severity.HIGH, "ip:" + byIp.getKey(),
                            w.count() + " failed logins from " + byIp.getKey() + " within " + bf.window().toMinutes() + " min.",
                            evidence(w, bf.window(), "users", distinct(byIp.getValue(), e -> String.valueOf(e.user()))),
                            "Rate-limit or block the address at the edge and watch for the same users from other addresses.",
                            last(byIp.getValue()))));
        }
    }

    private void credentialStuffing(List<LogEvent> events, List<Incident> incidents) {
        SecurityConfig.CredentialStuffing cs = config.credentialStuffing();
        List<LogEvent> failures = events.stream().filter(e -> e.isFailedLogin() && e.user() != null).toList();
        for (var byIp : groupBy(failures, LogEvent::ip).entrySet()) {
            // members are user names, so the window counts distinct users
            windowIncident("cs:ip:" + byIp.getKey(), byIp.getValue(), LogEvent::user, cs.window(), cs.distinctUsers())
                    .ifPresent(w -> incidents.add(new Incident(IncidentType.CREDENTIAL_STUFFING, Severity.CRITICAL, "ip:" + byIp.getKey(),
                            "Failed logins for " + w.count() + " different users from " + byIp.getKey() + " within "
                                    + cs.window().toMinutes() + " min.",
                            evidence(w, cs.window(), "users", distinct(byIp.getValue(), LogEvent::user)),
                            "Block the address, force password resets for any account that then logged in successfully, "
                                    + "and check the attempted credentials against breach lists.",
                            last(byIp.getValue()))));
        }
    }

    private void impossibleTravel(List<LogEvent> events, List<Incident> incidents) {
        SecurityConfig.ImpossibleTravel it = config.impossibleTravel();
        for (LogEvent e : events) {
            if (!e.isSuccessfulLogin() || e.user() == null || !e.hasLocation()) {
                continue;
            }
            LastLogins.Login now = new LastLogins.Login(e.timestamp(), e.latitude(), e.longitude(), e.ip());
            lastLogins.swap(e.user(), now, it.memory()).ifPresent(before -> {
                double km = Geo.distanceKm(before.latitude(), before.longitude(), now.latitude(), now.longitude());
                double hours = Math.abs(Duration.between(before.at(), now.at()).toMillis()) / 3_600_000.0;
                double speed = hours == 0 ? Double.POSITIVE_INFINITY : km / hours;
                if (km >= it.minDistanceKm() && speed > it.maxSpeedKmh()) {
                    Map<String, String> evidence = new LinkedHashMap<>();
                    evidence.put("fromIp", before.ip());
                    evidence.put("toIp", now.ip());
                    evidence.put("distanceKm", String.format("%.0f", km));
                    evidence.put("minutesBetween", String.format("%.1f", hours * 60));
                    evidence.put("speedKmh", Double.isInfinite(speed) ? "infinite" : String.format("%.0f", speed));
                    incidents.add(new Incident(IncidentType.IMPOSSIBLE_TRAVEL, Severity.HIGH, "user:" + e.user(),
                            "User " + e.user() + " logged in " + evidence.get("distanceKm") + " km apart within "
                                    + evidence.get("minutesBetween") + " min.",
                            evidence, "Invalidate the user's sessions, require re-authentication with MFA, and confirm with the user.",
                            e.timestamp()));
                }
            });
        }
    }

    private static void injections(List<LogEvent> events, List<Incident> incidents) {
        for (LogEvent e : events) {
            for (InjectionSignatures.Match m : InjectionSignatures.scan(e)) {
                Severity severity = m.type() == IncidentType.XSS ? Severity.MEDIUM : Severity.HIGH;
                Map<String, String> evidence = new LinkedHashMap<>();
                evidence.put("signature", m.signature());
                evidence.put("field", m.field());
                evidence.put("excerpt", m.excerpt());
                if (e.status() != null) {
                    evidence.put("status", String.valueOf(e.status()));
                }
                incidents.add(new Incident(m.type(), severity, "ip:" + e.ip(),
                        m.type().name().replace('_', ' ').toLowerCase() + " signature '" + m.signature() + "' in " + m.field() + ".",
                        evidence, "Block the pattern at the WAF, check how the endpoint handles this input, and look for "
                                + "successful responses to the same address.",
                        e.timestamp()));
            }
        }
    }

    private void requestRate(List<LogEvent> events, List<Incident> incidents) {
        SecurityConfig.RequestRate rr = config.requestRate();
        List<LogEvent> requests = events.stream().filter(e -> !e.isAuth()).toList();
        for (var byIp : groupBy(requests, LogEvent::ip).entrySet()) {
            windowIncident("rate:ip:" + byIp.getKey(), byIp.getValue(), LogEvent::occurrenceId, rr.window(), rr.requests())
                    .ifPresent(w -> incidents.add(new Incident(IncidentType.REQUEST_RATE_ANOMALY, Severity.MEDIUM, "ip:" + byIp.getKey(),
                            w.count() + " requests from " + byIp.getKey() + " within " + rr.window().toSeconds() + " s (limit "
                                    + rr.requests() + ").",
                            evidence(w, rr.window(), "paths", distinct(byIp.getValue(), e -> String.valueOf(e.path()))),
                            "Rate-limit the address and check whether it is a scraper, a scanner or a misbehaving client.",
                            last(byIp.getValue()))));
        }
    }

    private Optional<SlidingWindows.Result> windowIncident(String name, List<LogEvent> events, Function<LogEvent, String> member,
            Duration window, int threshold) {
        List<SlidingWindows.Occurrence> occurrences = events.stream()
                .map(e -> new SlidingWindows.Occurrence(e.timestamp(), member.apply(e))).toList();
        SlidingWindows.Result result = windows.record(name, occurrences, window, threshold);
        return result.opened() ? Optional.of(result) : Optional.empty();
    }

    private static Map<String, String> evidence(SlidingWindows.Result w, Duration window, String key, String value) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("count", String.valueOf(w.count()));
        evidence.put("window", window.toString());
        evidence.put("since", w.since().toString());
        evidence.put(key, value);
        return evidence;
    }

    private static Map<String, List<LogEvent>> groupBy(List<LogEvent> events, Function<LogEvent, String> key) {
        return events.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }

    private static String distinct(List<LogEvent> events, Function<LogEvent, String> value) {
        TreeSet<String> values = events.stream().map(value).collect(Collectors.toCollection(TreeSet::new));
        return values.size() <= 10 ? String.join(",", values) : String.join(",", values.stream().limit(10).toList()) + ",...";
    }

    private static Instant last(List<LogEvent> events) {
        return events.get(events.size() - 1).timestamp();
    }
}
