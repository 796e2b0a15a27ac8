package dev.agentfleet.sdk.idempotency;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import dev.agentfleet.sdk.redis.LuaScript;
import dev.agentfleet.sdk.text.Digests;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Remembers the first result of each delivery in Redis so duplicates (brokers deliver at least once) get that
 * result instead of running the function again.
 *
 * <p>One key per delivery, {@code <prefix>:idem:<function>:<sha256 of the delivery key>}: while the first delivery
 * runs it holds {@code inflight:<request digest>:<token>} for {@code in-flight-ttl}; afterwards
 * {@code done:<request digest>:<result>} for {@code result-ttl}. A failed delivery releases its claim so a redelivery
 * runs again. Every step is one Lua script, so two concurrent deliveries can never both run.
 *
 * <p>The key is bound to the request it came with (the SHA-256 of the function's input as JSON): a later request
 * under the same key with another input is a {@link Mismatch}, answered as a conflict, never with the first request's
 * result. Records written before the digest was kept (no digest in the value) are taken as matching.
 */
@ApplicationScoped
public class IdempotencyStore {

    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);

    private static final LuaScript CLAIM = LuaScript.load("claim_delivery");
    private static final LuaScript COMPLETE = LuaScript.load("complete_delivery");
    private static final LuaScript RELEASE = LuaScript.load("release_delivery");

    /** The state of a delivery key as a new delivery found it. */
    public sealed interface Claim {
    }

    /** This delivery is the first: run the function, then {@link #complete} or {@link #release}. */
    public record Claimed(String redisKey, String token) implements Claim {
    }

    /** An earlier delivery finished: answer with its result. */
    public record Completed(String resultJson) implements Claim {
    }

    /** An earlier delivery is still running (or died less than in-flight-ttl ago). */
    public record InFlight() implements Claim {
    }

    /** The key was used for a request with another input. */
    public record Mismatch() implements Claim {
    }

    private final RedisDataSource redis;
    private final AgentSdkConfig config;

    IdempotencyStore(RedisDataSource redis, AgentSdkConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /**
     * Claims {@code deliveryKey} for {@code function}, or reports what an earlier delivery left. {@code requestDigest}:
     * the SHA-256 (hex) of this request's input.
     */
    public Claim claim(String function, String deliveryKey, String requestDigest) {
        String redisKey = redisKey(function, deliveryKey);
        String token = requestDigest + ":" + UUID.randomUUID();
        Response reply = CLAIM.run(redis, List.of(redisKey),
                List.of(token, String.valueOf(config.idempotency().inFlightTtl().toMillis())));
        if ("claimed".equals(reply.get(0).toString())) {
            return new Claimed(redisKey, token);
        }
        Response existing = reply.size() > 1 ? reply.get(1) : null;
        String value = existing == null ? null : existing.toString();
        if (value == null) {
            return new InFlight(); // expired between the SET NX and the GET (vanishingly rare): not ours to run now
        }
        boolean done = value.startsWith("done:");
        String rest = value.substring(done ? "done:".length() : "inflight:".length());
        String digest = digestOf(rest);
        if (digest != null && !digest.equals(requestDigest)) {
            return new Mismatch();
        }
        if (done) {
            return new Completed(digest == null ? rest : rest.substring(digest.length() + 1));
        }
        return new InFlight();
    }

    /** The digest a value starts with ({@code <64 hex>:...}), or null for a record written without one. */
    private static String digestOf(String value) {
        if (value.length() < 65 || value.charAt(64) != ':') {
            return null;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return null;
            }
        }
        return value.substring(0, 64);
    }

    /** Stores the result of a claimed delivery for its duplicates, with the digest of the request it answers. */
    public void complete(Claimed claim, String resultJson) {
        String digest = claim.token().substring(0, claim.token().indexOf(':'));
        Response stored = COMPLETE.run(redis, List.of(claim.redisKey()),
                List.of(claim.token(), digest + ":" + resultJson, String.valueOf(config.idempotency().resultTtl().toMillis())));
        if (stored.toInteger() == 0) {
            LOG.warnf("delivery %s finished after its in-flight claim expired; raise agentfleet.sdk.idempotency.in-flight-ttl",
                    claim.redisKey());
        }
    }

    /** Releases a claim after the function failed, so a redelivery can run it. */
    public void release(Claimed claim) {
        RELEASE.run(redis, List.of(claim.redisKey()), List.of(claim.token()));
    }

    /** The Redis key for a delivery; hashed so any client-chosen key is safe and of bounded size. */
    public String redisKey(String function, String deliveryKey) {
        return config.keyPrefix() + ":idem:" + function + ":" + Digests.sha256Hex(deliveryKey);
    }

}
