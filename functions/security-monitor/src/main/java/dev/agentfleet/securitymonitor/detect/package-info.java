/**
 * The detectors. {@link dev.agentfleet.securitymonitor.detect.ThreatDetector} runs them over a batch; the stateful
 * ones keep their sliding windows in Redis ({@link dev.agentfleet.securitymonitor.detect.SlidingWindows},
 * {@link dev.agentfleet.securitymonitor.detect.LastLogins}) so detection spans batches and replicas.
 */
package dev.agentfleet.securitymonitor.detect;
