package dev.agentfleet.coordinator.api;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.observe.LogText;
import dev.agentfleet.coordinator.store.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.XAddArgs;

/**
 * Admin actions and starts (registering a definition, starting or cancelling a run): one entry each in the Redis stream
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
        record(caller == null || caller.getName() == null ? "anonymous" : caller.getName(), action, target, outcome);
    }

    /** An entry for a subject that is not a user token's, such as {@code event:<source>} for a CloudEvent start. */
    public void record(String subject, String action, String target, String outcome) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("at", Instant.ofEpochMilli(clock.millis()).toString());
        entry.put("subject", subject);
        entry.put("action", action);
        entry.put("target", target);
        entry.put("outcome", outcome);
        LOG.infof("audit: %s %s %s -> %s", LogText.of(subject), action, LogText.of(target), outcome);
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
