package dev.agentfleet.securitymonitor.model;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.NotNull;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A detected threat.
 *
 * @param type              what was detected
 * @param severity          how urgent
 * @param subject           who or what it concerns: {@code user:alice}, {@code ip:203.0.113.9}
 * @param description       one sentence for a person
 * @param evidence          the facts it rests on (counts, window, distance, matched signature, ...)
 * @param recommendedAction what to do about it
 * @param at                the time of the event that completed the detection
 */
@RegisterForReflection
public record Incident(@NotNull IncidentType type, @NotNull Severity severity, String subject, String description, Map<String, String> evidence,
        String recommendedAction, Instant at) {
}
