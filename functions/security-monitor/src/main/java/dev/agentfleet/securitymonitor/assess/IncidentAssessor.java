package dev.agentfleet.securitymonitor.assess;

import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.securitymonitor.model.Assessment;
import dev.agentfleet.securitymonitor.model.Incident;

/**
 * Turns one detected incident into a triage decision: a priority from its severity (raised one step for an attack on an
 * account that succeeded, i.e. impossible travel), whether to page someone, and the first containment actions for its
 * kind. Deterministic, so a workflow's map over a report's incidents gives the same triage for the same report.
 */
@ApplicationScoped
public class IncidentAssessor {

    public Assessment assess(Incident incident) {
        int level = switch (incident.severity()) {
            case CRITICAL -> 1;
            case HIGH -> 2;
            case MEDIUM -> 3;
            case LOW -> 4;
        };
        String why = incident.severity() + " " + incident.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
        if (incident.type() == dev.agentfleet.securitymonitor.model.IncidentType.IMPOSSIBLE_TRAVEL && level > 1) {
            level--;
            why += ", raised: the account was signed in from both places";
        }
        String priority = "P" + level;
        return new Assessment(incident.type(), incident.subject(), priority, level <= 2, containment(incident),
                "pb-" + incident.type().name().toLowerCase(Locale.ROOT).replace('_', '-'), why);
    }

    private static List<String> containment(Incident incident) {
        String subject = incident.subject() == null ? "the subject" : incident.subject();
        return switch (incident.type()) {
            case BRUTE_FORCE -> List.of("lock " + subject + " for 30 minutes", "require MFA at the next sign-in");
            case CREDENTIAL_STUFFING -> List.of("block " + subject + " at the edge", "force a password reset for the targeted accounts");
            case IMPOSSIBLE_TRAVEL -> List.of("revoke the sessions of " + subject, "require MFA at the next sign-in");
            case SQL_INJECTION, XSS, PATH_TRAVERSAL -> List.of("block " + subject + " at the WAF",
                    "review the application's logs for the request");
            case REQUEST_RATE_ANOMALY -> List.of("rate-limit " + subject);
        };
    }
}
