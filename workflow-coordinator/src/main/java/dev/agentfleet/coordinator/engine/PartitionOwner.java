package dev.agentfleet.coordinator.engine;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.invoke.CircuitBreakers;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.region.RegionRole;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.sdk.redis.RedisFailures;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;

/**
 * Which partitions this replica owns. Each partition has a lease in Redis (a value {@code <replica>:<fence>} that
 * expires unless renewed); the fence grows with every acquisition, and every commit checks the whole value, so a
 * replica that lost a partition (crashed, paused, partitioned away) can never write to it again.
 *
 * <p>Every {@code rebalance-interval} a replica records its heartbeat and its share, learns every live replica's share
 * and moves towards an equal one ({@link PartitionShares}): it takes free partitions (never held, released, or expired
 * with a dead owner) and gives up at most one per round. Every {@code poll-interval} it renews its leases and takes, per partition, runs other replicas
 * started there and the runs someone asked something of (cancel, pause, resume, a signal). Taking a partition reads all its unfinished runs and resumes them.
 */
@ApplicationScoped
public class PartitionOwner implements Leases {

    private static final Logger LOG = Logger.getLogger(PartitionOwner.class);
    private static final int BATCH = 100;

    private final RunStore store;
    private final Engine engine;
    private final EngineLoop loop;
    private final WorkflowCatalog catalog;
    private final Quarantine quarantine;
    private final CircuitBreakers breakers;
    private final Clock clock;
    private final int partitions;
    private final long leaseTtl;
    private final Duration pollInterval;
    private final Duration rebalanceInterval;
    private final String replicaId;
    private final RegionRole region;
    private final EngineMetrics metrics;

    /** Engine loop only. */
    private final Map<Integer, String> leases = new HashMap<>();
    private final Set<Integer> acquiring = new HashSet<>();
    /** Read from any thread (the HTTP API). */
    private volatile Map<Integer, String> snapshot = Map.of();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile boolean stopping;

    PartitionOwner(RunStore store, Engine engine, EngineLoop loop, WorkflowCatalog catalog, Quarantine quarantine,
            CircuitBreakers breakers, Clock clock, CoordinatorConfig config, EngineMetrics metrics, RegionRole region) {
        this.region = region;
        this.metrics = metrics;
        this.store = store;
        this.quarantine = quarantine;
        this.engine = engine;
        this.loop = loop;
        this.catalog = catalog;
        this.breakers = breakers;
        this.clock = clock;
        this.partitions = config.engine().partitions();
        this.leaseTtl = config.engine().leaseTtl().toMillis();
        this.pollInterval = config.engine().pollInterval();
        this.rebalanceInterval = config.engine().rebalanceInterval();
        String host = System.getenv().getOrDefault("HOSTNAME", ManagementFactory.getRuntimeMXBean().getName());
        this.replicaId = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        metrics.partitionsOwned(() -> snapshot.size());
    }

    void start() {
        loop.run(this::rebalance);
        loop.every(pollInterval, this::poll);
        loop.every(rebalanceInterval, this::rebalance);
    }

    public String replicaId() {
        return replicaId;
    }

    /** Any thread. */
    public boolean owns(int partition) {
        return snapshot.containsKey(partition);
    }

    /** Any thread: the lease value this replica holds for a partition, or null. */
    public String leaseOf(int partition) {
        return snapshot.get(partition);
    }

    /** Any thread: where to put a new run without an idempotency key: a partition owned here, so it starts at once. */
    public int pickPartition() {
        List<Integer> owned = new ArrayList<>(snapshot.keySet());
        if (owned.isEmpty()) {
            return ThreadLocalRandom.current().nextInt(partitions);
        }
        return owned.get(Math.floorMod(roundRobin.getAndIncrement(), owned.size()));
    }

    public Set<Integer> owned() {
        return snapshot.keySet();
    }

    @Override
    public String lease(int partition) {
        return leases.get(partition);
    }

    /** A commit was fenced or a poll found the lease gone. Loop only. */
    @Override
    public void lost(int partition) {
        if (leases.remove(partition) != null) {
            publish();
            engine.dropPartition(partition);
            LOG.infof("replica %s lost partition %d", replicaId, partition);
        }
    }

    private void publish() {
        snapshot = Map.copyOf(leases);
    }

    private void rebalance() {
        if (stopping) {
            return;
        }
        long now = clock.millis();
        breakers.refresh(now);
        // A replica counts as live as long as its leases can: a killed one stops shrinking the others' share when its
        // partitions fall free, not seconds later (under repeated kills those seconds add up to long pauses).
        long liveFor = Math.max(leaseTtl, 2 * rebalanceInterval.toMillis());
        store.claimRegion(region.region(), region.promoted(), now).onComplete(claim -> loop.run(() -> {
            if (stopping) {
                return;
            }
            if (claim.failed()) {
                if (RedisFailures.isReadOnlyReplica(claim.cause())) {
                    store.region().onComplete(r -> loop.run(() -> {
                        standBy();
                        region.onReplica(r.succeeded() ? r.result() : null);
                    }));
                }
                return;
            }
            region.onClaim(claim.result());
            if (claim.result().claimed()) {
                store.forgetReplicas(); // the old region's replicas must not count towards the shares
            }
            if (!region.active()) {
                standBy();
                return;
            }
            store.heartbeat(replicaId, now, now + liveFor, leases.size()).onComplete(ar -> loop.run(() -> {
                if (ar.succeeded() && !stopping) {
                    share(ar.result());
                }
            }));
        }));
    }

    /** One rebalancing step towards an equal share, from every live replica's share. */
    private void share(Map<String, Integer> shares) {
        int adjustment = PartitionShares.adjustment(partitions, shares, replicaId, leases.size() + acquiring.size());
        if (adjustment < 0 && !leases.isEmpty()) {
            giveUpOne();
            return;
        }
        if (adjustment <= 0) {
            return;
        }
        // Which partitions are free is known only by trying: every one not held here is tried (one held elsewhere
        // refuses cheaply), and what is taken past this round's aim is given back at once.
        int aim = leases.size() + acquiring.size() + adjustment;
        for (int p = 0; p < partitions; p++) {
            if (!leases.containsKey(p) && !acquiring.contains(p)) {
                acquire(p, aim);
            }
        }
    }

    /** This region stands by: every partition is dropped (not released: the replica takes no writes, or they are stale). */
    private void standBy() {
        if (!leases.isEmpty()) {
            Map<Integer, String> dropped = Map.copyOf(leases);
            leases.clear();
            publish();
            dropped.keySet().forEach(engine::dropPartition);
            LOG.infof("replica %s dropped %d partitions: its region stands by", replicaId, dropped.size());
        }
    }

    private void acquire(int partition, int aim) {
        acquiring.add(partition);
        store.acquire(partition, replicaId, leaseTtl, region.state().epoch()).onComplete(ar -> loop.run(() -> {
            acquiring.remove(partition);
            if (ar.failed() || ar.result() == null) {
                return;
            }
            String lease = ar.result().lease();
            if (stopping || leases.size() >= aim) {
                store.release(partition, lease);
                return;
            }
            leases.put(partition, lease);
            publish();
            metrics.partitionTaken();
            LOG.infof("replica %s took partition %d (%d unfinished runs)", replicaId, partition, ar.result().activeRuns().size());
            load(partition, lease, ar.result().activeRuns());
        }));
    }

    private void giveUpOne() {
        int chosen = -1;
        int fewest = Integer.MAX_VALUE;
        for (int p : leases.keySet()) {
            int n = engine.runsIn(p);
            if (n < fewest) {
                fewest = n;
                chosen = p;
            }
        }
        String lease = leases.remove(chosen);
        publish();
        engine.dropPartition(chosen);
        store.release(chosen, lease);
        LOG.infof("replica %s gave partition %d up to rebalance", replicaId, chosen);
    }

    private void poll() {
        if (stopping) {
            return;
        }
        long now = clock.millis();
        for (Map.Entry<Integer, String> e : Map.copyOf(leases).entrySet()) {
            int partition = e.getKey();
            String lease = e.getValue();
            store.poll(partition, lease, leaseTtl, now, BATCH).onComplete(ar -> loop.run(() -> {
                if (ar.failed() || !lease.equals(leases.get(partition))) {
                    return; // Redis unreachable: the lease lives on until its ttl; commits will tell
                }
                if (ar.result() == null) {
                    lost(partition);
                    return;
                }
                List<String> fresh = ar.result().newRuns().stream().filter(id -> !engine.drives(id)).toList();
                load(partition, lease, fresh);
                ar.result().controlled().forEach(engine::controlled);
            }));
        }
    }

    private void load(int partition, String lease, List<String> runIds) {
        for (int from = 0; from < runIds.size(); from += BATCH) {
            List<String> batch = runIds.subList(from, Math.min(runIds.size(), from + BATCH));
            store.load(batch).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warnf("loading runs of partition %d failed: %s", partition, ar.cause().getMessage());
                    loop.run(() -> lost(partition)); // retaken (and reloaded) at the next rebalance
                    return;
                }
                ar.result().forEach(hash -> resume(partition, lease, hash));
            });
        }
    }

    /** One stored run back under this replica's drive, or into the quarantine when it cannot be read or resumed. */
    private void resume(int partition, String lease, Map<String, String> hash) {
        Run run;
        try {
            run = Run.fromHash(hash);
        } catch (RuntimeException e) {
            quarantine.add(partition, lease, hash.get("id"), Quarantine.Cause.UNREADABLE, describe(e));
            return;
        }
        catalog.byHash(run.definitionHash()).onComplete(wf -> loop.run(() -> {
            if (!lease.equals(leases.get(partition))) {
                return;
            }
            if (wf.succeeded()) {
                engine.adoptStored(run, partition, wf.result());
            } else if (Quarantine.isStateProblem(wf.cause())) {
                quarantine.add(partition, lease, run.id(), wf.cause() instanceof WorkflowCatalog.MissingDefinitionException
                        ? Quarantine.Cause.DEFINITION_MISSING : Quarantine.Cause.UNREADABLE, describe(wf.cause()));
            } else {
                LOG.warnf("run %s: its definition could not be read (%s); partition %d is given up and retaken later", run.id(),
                        wf.cause().getMessage(), partition);
                lost(partition);
            }
        }));
    }

    static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Gives every partition back (graceful shutdown), so another replica resumes at once instead of after the ttl. */
    void stop() {
        stopping = true;
        CompositeFuture released;
        try {
            Future<Map<Integer, String>> held = Future.future(p -> loop.run(() -> {
                Map<Integer, String> copy = Map.copyOf(leases);
                leases.clear();
                publish();
                copy.keySet().forEach(engine::dropPartition);
                p.complete(copy);
            }));
            Map<Integer, String> copy = held.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
            List<Future<?>> releases = new ArrayList<>();
            copy.forEach((p, lease) -> releases.add(store.release(p, lease)));
            releases.add(store.leave(replicaId));
            released = Future.join(releases);
            released.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
            LOG.infof("replica %s released %d partitions", replicaId, copy.size());
        } catch (Exception e) {
            LOG.warnf("releasing partitions at shutdown: %s (they expire after %d ms)", e.getMessage(), leaseTtl);
        }
    }
}
