package dev.agentfleet.coordinator.api;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.store.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;

/**
 * Admin actions (registering a definition, cancelling a run): one entry each in the Redis stream
 * {@code <prefix>:{wf-audit}} (capped near 100,000 entries) and one log line. Who (the token's subject), what, on
 * what, with which outcome; never the token itself.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("agentfleet.audit");
    private static final long MAX_ENTRIES = 100_000;

    private final RedisDataSource redis;
    private final String key;
    private final Clock clock;

    AuditLog(RedisDataSource redis, RedisKeys keys, Clock clock) {
        this.redis = redis;
        this.key = keys.audit();
        this.clock = clock;
    }

    public void record(JsonWebToken caller, String action, String target, String outcome) {
        String subject = caller == null || caller.getName() == null ? "anonymous" : caller.getName();
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("at", Instant.ofEpochMilli(clock.millis()).toString());
        entry.put("subject", subject);
        entry.put("action", action);
        entry.put("target", target);
        entry.put("outcome", outcome);
        LOG.infof("audit: %s %s %s -> %s", subject, action, target, outcome);
        try {
            redis.stream(String.class).xadd(key, new XAddArgs().maxlen(MAX_ENTRIES).nearlyExactTrimming(), entry);
        } catch (RuntimeException e) {
            LOG.errorf("audit entry not stored in Redis (%s): %s %s %s", e.getMessage(), subject, action, target);
        }
    }

    public String key() {
        return key;
    }
}
