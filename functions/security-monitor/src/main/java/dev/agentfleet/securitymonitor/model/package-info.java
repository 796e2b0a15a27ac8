/** Input ({@code LogBatch} of {@code LogEvent}s) and output ({@code ThreatReport} of {@code Incident}s) of detect-threats. */
package dev.agentfleet.securitymonitor.model;
