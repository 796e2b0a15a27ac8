package dev.agentfleet.securitymonitor;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.sdk.invocation.AgentFunction;
import dev.agentfleet.securitymonitor.detect.ThreatDetector;
import dev.agentfleet.securitymonitor.model.LogBatch;
import dev.agentfleet.securitymonitor.model.ThreatReport;
import io.quarkus.funqy.Funq;

/** The security-monitor capability's function. */
public class SecurityMonitorFunctions {

    @Inject
    ThreatDetector detector;

    /** Brute force, credential stuffing, impossible travel, injection signatures and request-rate anomalies. */
    @Funq("detect-threats")
    @AgentFunction
    public ThreatReport detectThreats(@Valid @NotNull LogBatch batch) {
        return detector.detect(batch);
    }
}
