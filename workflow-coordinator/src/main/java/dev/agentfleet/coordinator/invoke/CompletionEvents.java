package dev.agentfleet.coordinator.invoke;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.sdk.sender.SenderTokenFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

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

    private final Optional<String> sink;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final SenderTokenFile token;
    private final Optional<String> caCerts;
    private volatile HttpClient client;

    CompletionEvents(CoordinatorConfig config, Vertx vertx, ObjectMapper mapper) {
        this.sink = config.sink().filter(s -> !s.isBlank());
        this.token = config.senderTokens().sink().map(SenderTokenFile::new).orElse(null);
        this.caCerts = config.sinkCaCerts().filter(s -> !s.isBlank());
        this.vertx = vertx;
        this.mapper = mapper;
    }

    public boolean enabled() {
        return sink.isPresent();
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
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(sink.orElseThrow())
                .setIdleTimeout(10_000)
                .putHeader("content-type", "application/json")
                .putHeader("ce-specversion", "1.0")
                .putHeader("ce-id", run.id() + "/" + run.status().name().toLowerCase() + (run.redrives() > 0 ? "/redrive-" + run.redrives() : ""))
                .putHeader("ce-source", "/agentfleet/workflow-coordinator")
                .putHeader("ce-type", run.status() == RunStatus.SUCCEEDED ? COMPLETED : FAILED)
                .putHeader("ce-subject", run.id());
        if (run.traceparent() != null) {
            options.putHeader("traceparent", run.traceparent());
        }
        String authorization = token == null ? null : token.authorization();
        if (authorization != null) {
            options.putHeader("authorization", authorization);
        }
        Buffer body;
        try {
            body = Buffer.buffer(mapper.writeValueAsBytes(data));
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
        return client().request(options).compose(r -> r.send(body)).compose(response -> {
            if (response.statusCode() >= 200 && response.statusCode() < 300) {
                return Future.succeededFuture();
            }
            return Future.failedFuture("the sink answered " + response.statusCode());
        });
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    HttpClientOptions options = new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true).setMaxPoolSize(16);
                    // An https sink's certificate is checked, host name included, against K_CA_CERTS when given.
                    caCerts.ifPresent(pem -> options.setVerifyHost(true).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem))));
                    client = vertx.createHttpClient(options);
                }
            }
        }
        return client;
    }
}
