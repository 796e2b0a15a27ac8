package dev.agentfleet.securitymonitor;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.sdk.invocation.AgentFunction;
import dev.agentfleet.securitymonitor.assess.IncidentAssessor;
import dev.agentfleet.securitymonitor.detect.ThreatDetector;
import dev.agentfleet.securitymonitor.model.Assessment;
import dev.agentfleet.securitymonitor.model.Incident;
import dev.agentfleet.securitymonitor.model.LogBatch;
import dev.agentfleet.securitymonitor.model.ThreatReport;
import io.quarkus.funqy.Funq;

/** The security-monitor capability's functions. */
public class SecurityMonitorFunctions {

    @Inject
    ThreatDetector detector;
    @Inject
    IncidentAssessor assessor;

    /** Brute force, credential stuffing, impossible travel, injection signatures and request-rate anomalies. */
    @Funq("detect-threats")
    @AgentFunction
    public ThreatReport detectThreats(@Valid @NotNull LogBatch batch) {
        return detector.detect(batch);
    }

    /** Triage of one incident (as detect-threats reports it): priority, paging, first containment actions. */
    @Funq("assess-incident")
    @AgentFunction
    public Assessment assessIncident(@Valid @NotNull Incident incident) {
        return assessor.assess(incident);
    }
}
