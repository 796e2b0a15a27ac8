package dev.agentfleet.securitymonitor.model;

/** What was detected. */
public enum IncidentType { BRUTE_FORCE, CREDENTIAL_STUFFING, IMPOSSIBLE_TRAVEL, SQL_INJECTION, XSS, PATH_TRAVERSAL, REQUEST_RATE_ANOMALY }
