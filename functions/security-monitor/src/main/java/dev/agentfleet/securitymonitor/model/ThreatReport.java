package dev.agentfleet.securitymonitor.model;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The result of one {@code detect-threats} call.
 *
 * @param eventsAnalyzed how many events the batch held
 * @param incidents      what was found, most severe first
 * @param countsByType   how many incidents of each type
 */
@RegisterForReflection
public record ThreatReport(int eventsAnalyzed, List<Incident> incidents, Map<IncidentType, Integer> countsByType) {
}
