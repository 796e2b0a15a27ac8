package dev.agentfleet.securitymonitor.model;

/** How urgent an incident is, lowest first. */
public enum Severity { LOW, MEDIUM, HIGH, CRITICAL }
