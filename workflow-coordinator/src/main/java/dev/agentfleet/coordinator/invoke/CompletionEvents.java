package dev.agentfleet.coordinator.invoke;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Tells the sink ({@code K_SINK}: a Broker, wired by a SinkBinding) that a run finished: a binary-mode CloudEvent of
 * type {@code dev.agentfleet.workflow.completed} (succeeded) or {@code dev.agentfleet.workflow.failed} (failed or
 * cancelled; {@code data.status} says which), id {@code <runId>/<status>} so a sink can drop repeats.
 *
 * <p>Delivery is at least once: a finished run stays active until the sink accepted the event (2xx), and a replica
 * that takes the run over sends it again.
 */
@ApplicationScoped
public class CompletionEvents {

    public static final String COMPLETED = "dev.agentfleet.workflow.completed";
    public static final String FAILED = "dev.agentfleet.workflow.failed";

    private final EventSink sink;
    private final ObjectMapper mapper;

    CompletionEvents(EventSink sink, ObjectMapper mapper) {
        this.sink = sink;
        this.mapper = mapper;
    }

    public boolean enabled() {
        return sink.enabled();
    }

    public Future<Void> emit(Run run) {
        ObjectNode data = mapper.createObjectNode();
        data.put("runId", run.id());
        data.put("workflow", run.workflow());
        data.put("version", run.version());
        data.put("status", run.status().name());
        if (run.output() != null) {
            data.set("output", run.output());
        }
        if (run.error() != null) {
            data.set("error", mapper.valueToTree(run.error()));
        }
        data.put("createdAt", Instant.ofEpochMilli(run.createdAt()).toString());
        if (run.finishedAt() != null) {
            data.put("finishedAt", Instant.ofEpochMilli(run.finishedAt()).toString());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce-id", run.id() + "/" + run.status().name().toLowerCase() + (run.redrives() > 0 ? "/redrive-" + run.redrives() : ""));
        headers.put("ce-source", "/agentfleet/workflow-coordinator");
        headers.put("ce-type", run.status() == RunStatus.SUCCEEDED ? COMPLETED : FAILED);
        headers.put("ce-subject", run.id());
        if (run.traceparent() != null) {
            headers.put("traceparent", run.traceparent());
        }
        Buffer body;
        try {
            body = Buffer.buffer(mapper.writeValueAsBytes(data));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        return sink.post(headers, "application/json", body).compose(status -> status >= 200 && status < 300
                ? Future.succeededFuture() : Future.failedFuture("the sink answered " + status));
    }
}
