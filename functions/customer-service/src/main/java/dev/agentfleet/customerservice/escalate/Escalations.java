package dev.agentfleet.customerservice.escalate;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.text.Digests;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;

/**
 * Hands inquiries to people: each escalation is appended to the Redis stream {@code <prefix>:escalations} (capped at
 * about 100,000 entries) that the support tool reads. The workflow's customer-service escalation is this function,
 * run as the compensation of the classify step.
 */
@ApplicationScoped
public class Escalations {

    private static final Map<String, Duration> TARGETS = Map.of("urgent", Duration.ofHours(1), "high", Duration.ofHours(4),
            "medium", Duration.ofHours(24), "low", Duration.ofHours(72));

    private final RedisDataSource redis;
    private final String stream;

    Escalations(RedisDataSource redis, AgentSdkConfig config) {
        this.redis = redis;
        this.stream = config.keyPrefix() + ":escalations";
    }

    public Escalation escalate(EscalationRequest request) {
        String category = request.category() == null ? "other" : request.category();
        String priority = request.priority() == null ? "medium" : request.priority();
        Escalation escalation = new Escalation(ticketId(request.inquiry() + "\n" + category + "\n" + request.reason()),
                category + "-team", priority, TARGETS.get(priority), request.reason());
        redis.stream(String.class).xadd(stream, new XAddArgs().maxlen(100_000L).nearlyExactTrimming(),
                Map.of("ticketId", escalation.ticketId(), "queue", escalation.queue(), "priority", priority,
                        "respondWithin", escalation.respondWithin().toString(), "reason", request.reason(), "inquiry", request.inquiry()));
        return escalation;
    }

    private static String ticketId(String content) {
        return "ESC-" + Digests.sha256Hex(content).substring(0, 12).toUpperCase();
    }
}
