/**
 * security-monitor: finds threats in batches of auth and request log events ({@code detect-threats}).
 * {@code model} holds the input and output records, {@code detect} the detectors and the Redis sliding windows that
 * let detection span batches and replicas.
 */
package dev.agentfleet.securitymonitor;
