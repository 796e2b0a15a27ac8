package dev.agentfleet.coordinator.engine;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.sdk.redis.RedisFailures;

/**
 * Runs this coordinator cannot read or resume are set aside, never retried in a loop and never in the way of the runs
 * beside them: a run hash missing fields or holding values no version of the engine writes (a hand edit, a partial
 * restore), a run pinned to a definition that is gone (written to another shard than the run, it can be lost on its
 * own when a Redis primary fails before replicating it), or a run the engine could not even fail. The owner moves it
 * out of its partition's active set into the partition's quarantine with the reason, logs one line, and counts it
 * ({@code agentfleet.workflow.runs.quarantined}); {@code GET /workflows/quarantine} lists them and
 * {@code POST /workflows/quarantine/{id}/release} gives one back once its cause is repaired.
 *
 * <p>A failure to <em>reach</em> Redis is never a reason: the partition is given up and taken again later instead.
 */
@ApplicationScoped
public class Quarantine {

    private static final Logger LOG = Logger.getLogger(Quarantine.class);

    /** Why a run is set aside, as the metric's {@code cause} tag. */
    public enum Cause {
        UNREADABLE("unreadable"), DEFINITION_MISSING("definition-missing"), UNDECIDABLE("undecidable");

        final String tag;

        Cause(String tag) {
            this.tag = tag;
        }
    }

    private final RunStore store;
    private final EngineMetrics metrics;
    private final Clock clock;

    Quarantine(RunStore store, EngineMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * True when a failure reading or resuming a run comes from the run's state (worth a quarantine), false when it
     * comes from Redis being unreachable, slow, failing over or answering with an error (worth trying again).
     */
    public static boolean isStateProblem(Throwable failure) {
        if (RedisFailures.isUnavailable(failure)) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getClass().getName().startsWith("io.vertx.redis.client")) {
                return false; // an error reply (MOVED past its retries, NOPERM, OOM...): Redis', not the run's
            }
        }
        return true;
    }

    /** Sets a run aside if {@code lease} still holds its partition. Any thread. */
    void add(int partition, String lease, String runId, Cause cause, String detail) {
        String reason = cause.tag + ": " + detail;
        store.quarantine(partition, lease, runId, reason, clock.millis()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warnf("run %s could not be quarantined (%s); it is tried again when its partition is next taken", runId,
                        RedisFailures.describe(ar.cause()));
            } else if (ar.result()) {
                metrics.runQuarantined(cause.tag);
                LOG.warnf("run %s quarantined (%s): GET /workflows/quarantine lists it, POST /workflows/quarantine/%s/release"
                        + " resumes it once repaired", runId, reason, runId);
            }
        });
    }
}
