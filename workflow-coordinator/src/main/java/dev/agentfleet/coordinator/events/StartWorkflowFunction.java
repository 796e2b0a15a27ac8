package dev.agentfleet.coordinator.events;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.api.AuditLog;
import dev.agentfleet.coordinator.engine.RunControl;
import dev.agentfleet.coordinator.engine.StartCommands;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import dev.agentfleet.sdk.text.Digests;
import io.quarkus.funqy.Context;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The CloudEvent entry point: a {@code dev.agentfleet.workflow.start} event (binary or structured) starts a run and is
 * answered with a {@code dev.agentfleet.workflow.started} event. The event's {@code source} and {@code id} are the
 * run's idempotency key (unless the data names one), so a broker's redelivery starts nothing twice. The run is
 * recorded as started by {@code event:<source>} (readable with workflow-read) and the start is audited.
 *
 * <p>Only CloudEvents are accepted here; the JWT-protected HTTP API is {@code POST /workflows/runs}. This entry point
 * is meant for the broker: the Knative manifests keep it cluster-local behind a NetworkPolicy.
 */
public class StartWorkflowFunction {

    /** The answer. */
    @RegisterForReflection
    public record RunStarted(String runId, String workflow, String version, boolean created, String link) {
    }

    private final RunControl control;
    private final AuditLog audit;

    StartWorkflowFunction(RunControl control, AuditLog audit) {
        this.control = control;
        this.audit = audit;
    }

    @Funq("start-workflow")
    public RunStarted start(JsonNode data, @Context CloudEvent<JsonNode> event) {
        if (event == null || event.id() == null) {
            throw new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE,
                    "start-workflow takes CloudEvents of type dev.agentfleet.workflow.start; over plain HTTP use POST /workflows/runs.",
                    List.of(new FieldError("ce-id", "is required")), null);
        }
        String eventKey = "ce:" + event.source() + "/" + event.id();
        if (eventKey.length() > RunControl.MAX_KEY_LENGTH) {
            eventKey = "ce-sha256:" + Digests.sha256Hex(eventKey);
        }
        String startedBy = "event:" + event.source();
        RunControl.Started started = control.start(StartCommands.parse(data, "data.", eventKey, startedBy, null));
        audit.record(startedBy, "run.start", started.runId(), started.created() ? "created" : "existing");
        return new RunStarted(started.runId(), started.definition().name(), started.definition().version(), started.created(),
                "/workflows/runs/" + started.runId());
    }
}
