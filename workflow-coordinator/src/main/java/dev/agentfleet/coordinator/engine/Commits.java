package dev.agentfleet.coordinator.engine;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.coordinator.store.script.RunCommitScript;
import dev.agentfleet.sdk.redis.OutageLog;
import dev.agentfleet.sdk.redis.RedisFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Sends a run's round write. While Redis cannot be reached (a primary failing over, a resharding's TRYAGAIN, the
 * network) the same write is sent again, 100 ms later and then twice as long each time up to a second, until it is
 * applied, fenced or found stale: the run stays driven and its calls stay in flight, so an outage costs its own length
 * and no call is made again. A write that did reach Redis before its answer was lost comes back STALE (the revision
 * moved), and the engine reads the run back. Any other failure, or the partition changing hands meanwhile, fails the
 * future. Loop only.
 */
final class Commits {

    private static final Logger LOG = Logger.getLogger(Commits.class);
    /** While Redis fails over every commit fails alike: one line per burst, not one per run. */
    private static final OutageLog FAILED = new OutageLog(LOG, java.time.Duration.ofSeconds(10));
    private static final long FIRST_RETRY_MS = 100;
    static final long MAX_RETRY_MS = 1_000;

    /** One round's write, kept whole so it can be sent again as it was. */
    record Commit(String lease, Map<String, String> changes, List<String> events, RunCommitScript.Finish finish, long now) {
    }

    private final RunStore store;
    private final EngineLoop loop;
    private final Leases leases;
    private final EngineMetrics metrics;

    Commits(RunStore store, EngineLoop loop, Leases leases, EngineMetrics metrics) {
        this.store = store;
        this.loop = loop;
        this.leases = leases;
        this.metrics = metrics;
    }

    /** Completes on the loop; never while {@code live} is detached (it then stays pending, and nothing waits on it). */
    Future<RunCommitScript.Outcome> send(LiveRun live, Commit commit) {
        Promise<RunCommitScript.Outcome> done = Promise.promise();
        send(live, commit, FIRST_RETRY_MS, done);
        return done.future();
    }

    private void send(LiveRun live, Commit commit, long retryMs, Promise<RunCommitScript.Outcome> done) {
        store.commit(live.state.run(), live.partition, commit.lease(), commit.changes(), commit.events(), commit.finish(), commit.now())
                .onComplete(ar -> loop.run(() -> {
                    if (ar.succeeded() && ar.result() == RunCommitScript.Outcome.FENCED) {
                        // Counted even when the run was dropped meanwhile: Redis refused a stale owner's write.
                        metrics.commitFenced();
                        LOG.warnf("commit of run %s refused by the fence: partition %d has another owner now (this replica"
                                + " held lease %s); the run is left to it", live.id(), live.partition, commit.lease());
                    }
                    if (live.detached) {
                        return;
                    }
                    if (ar.succeeded()) {
                        done.complete(ar.result());
                        return;
                    }
                    FAILED.warn("commit of run " + live.id() + " failed (" + RedisFailures.describe(ar.cause())
                            + "); sent again until Redis answers");
                    if (RedisFailures.isUnavailable(ar.cause()) && commit.lease().equals(leases.lease(live.partition))) {
                        loop.after(retryMs, () -> send(live, commit, Math.min(retryMs * 2, MAX_RETRY_MS), done));
                    } else {
                        done.fail(ar.cause());
                    }
                }));
    }
}
