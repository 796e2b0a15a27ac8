package dev.agentfleet.coordinator.region;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.store.script.RegionClaimScript;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * Whether this replica's region drives the runs. Two regions share one logical store: the primary's Redis and, in the
 * backup region, a read-only replica of it. Replicas there stand by: they commit nothing, answer reads from the
 * replica and refuse writes with a 503 naming the active region. When an operator promotes the replica, the standby
 * replicas find their Redis taking writes, claim the region ({@code region_claim.lua}: a new region epoch, bumped once)
 * and take every partition over; the epoch goes into each partition ({@code partition_acquire.lua}), so a replica of
 * the old region can never own one again. Set from the engine loop each rebalancing round, read from any thread.
 */
@ApplicationScoped
public class RegionRole {

    private static final Logger LOG = Logger.getLogger(RegionRole.class);

    public enum Role {
        /** Not in touch with Redis yet. */
        STARTING, ACTIVE, STANDBY
    }

    /** What this replica knows: its role, the active region and its epoch (0 when unknown), and why it stands by. */
    public record State(Role role, String activeRegion, long epoch, String reason) {
    }

    private final String region;
    private volatile State state = new State(Role.STARTING, null, 0, "not in touch with Redis yet");
    /** This replica saw its Redis refuse writes as a replica: writes taken later mean it was promoted. */
    private volatile boolean sawReplica;

    private final EngineMetrics metrics;

    RegionRole(CoordinatorConfig config, EngineMetrics metrics) {
        this.region = config.region().name();
        this.metrics = metrics;
        metrics.regionStandby(() -> state.role() == Role.STANDBY ? 1 : 0);
    }

    public String region() {
        return region;
    }

    public State state() {
        return state;
    }

    public boolean active() {
        return state.role() == Role.ACTIVE;
    }

    /** Whether the next claim should take the region over (this Redis was a replica and now takes writes). */
    public boolean promoted() {
        return sawReplica;
    }

    /** Redis refused a write as a read-only replica; {@code known}: the region as replicated from the primary, or null. */
    public void onReplica(RegionClaimScript.Claim known) {
        sawReplica = true;
        move(new State(Role.STANDBY, known == null ? null : known.activeRegion(), known == null ? 0 : known.epoch(),
                "this region's Redis is a read-only replica"));
    }

    /** The answer of {@code region_claim.lua}. */
    public void onClaim(RegionClaimScript.Claim claim) {
        sawReplica = false;
        if (claim.activeRegion().equals(region)) {
            if (claim.claimed()) {
                metrics.regionClaimed();
                LOG.warnf("region %s claimed: it drives the runs from now on (region epoch %d)", region, claim.epoch());
            }
            move(new State(Role.ACTIVE, region, claim.epoch(), null));
        } else {
            move(new State(Role.STANDBY, claim.activeRegion(), claim.epoch(), "another region is active"));
        }
    }

    private void move(State next) {
        State before = state;
        state = next;
        if (before.role() != next.role() || before.epoch() != next.epoch()) {
            if (next.role() == Role.STANDBY) {
                LOG.infof("region %s stands by: %s; the active region is %s (epoch %d). Reads are served, writes refused",
                        region, next.reason(), next.activeRegion() == null ? "unknown" : next.activeRegion(), next.epoch());
            } else {
                LOG.infof("region %s is active (region epoch %d)", region, next.epoch());
            }
        }
    }

    /** Refuses a write while standing by: 503 naming the active region, Retry-After 5. */
    public void requireActive() {
        State now = state;
        if (now.role() == Role.STANDBY) {
            String active = now.activeRegion() == null ? "the primary region" : now.activeRegion();
            throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE, "Region " + region + " is standing by ("
                    + now.reason() + "); the active region is " + active + " (epoch " + now.epoch() + "). Send writes there,"
                    + " or retry here after a failover.", List.of(), null, 5L);
        }
    }
}
