package dev.agentfleet.securitymonitor.model;

import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What to do about one incident.
 *
 * @param type        the incident's type
 * @param subject     who or what it concerns, as the incident said
 * @param priority    P1 (act now) to P4 (review when convenient)
 * @param escalate    whether a person on call should be paged (P1 and P2)
 * @param containment the first actions, in order
 * @param playbook    the runbook to follow, by id
 * @param rationale   one sentence on why this priority
 */
@RegisterForReflection
public record Assessment(IncidentType type, String subject, String priority, boolean escalate, List<String> containment,
        String playbook, String rationale) {
}
