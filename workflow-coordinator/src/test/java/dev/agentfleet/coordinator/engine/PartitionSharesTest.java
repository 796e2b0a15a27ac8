package dev.agentfleet.coordinator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The rebalancing rule, round by round, with replicas joining and leaving (each round every replica heartbeats in turn
 * and acts on the shares it was answered, as {@link PartitionOwner} does). The multi-process proof is {@code ReplicasIT}.
 */
class PartitionSharesTest {

    private static final int PARTITIONS = 16;

    private final Map<String, Integer> owned = new LinkedHashMap<>();

    @Test
    void sharesSettleEvenlyAsReplicasJoinOneByOne() {
        join("a");
        assertThat(settle()).containsExactly(16);
        join("b");
        assertThat(settle()).containsExactlyInAnyOrder(8, 8);
        join("c");
        // Taking up to ceil(16/3) = 6 alone would leave the late joiner with 4.
        assertThat(settle()).containsExactlyInAnyOrder(6, 5, 5);
        join("d");
        assertThat(settle()).containsExactlyInAnyOrder(4, 4, 4, 4);
    }

    @Test
    void theSurvivorsShareALeaversPartitions() {
        join("a");
        join("b");
        join("c");
        settle();
        owned.remove("b"); // its partitions are free again (released, or its leases ran out)
        assertThat(settle()).containsExactlyInAnyOrder(8, 8);
    }

    @Test
    void moreReplicasThanPartitionsHoldAtMostOneEach() {
        for (int i = 0; i < 20; i++) {
            join("r" + i);
        }
        List<Integer> shares = settle();
        assertThat(shares).allMatch(n -> n <= 1);
        assertThat(shares.stream().mapToInt(Integer::intValue).sum()).isEqualTo(PARTITIONS);
    }

    @Test
    void aReplicaAboveTheFloorGivesOneUpOnlyWhileAnotherIsShortAndNothingIsFree() {
        assertThat(PartitionShares.adjustment(PARTITIONS, Map.of("a", 6, "b", 6, "c", 4), "a", 6)).isEqualTo(-1);
        assertThat(PartitionShares.adjustment(PARTITIONS, Map.of("a", 6, "b", 5, "c", 5), "a", 6)).isZero();
        assertThat(PartitionShares.adjustment(PARTITIONS, Map.of("a", 6, "b", 5, "c", 4), "a", 6))
                .as("one is free: the short one takes it").isZero();
        assertThat(PartitionShares.adjustment(PARTITIONS, Map.of("a", 6, "b", 5, "c", 4), "c", 4)).isEqualTo(1);
        assertThat(PartitionShares.adjustment(PARTITIONS, Map.of("a", 9, "b", 7), "a", 9)).isEqualTo(-1);
        assertThat(PartitionShares.adjustment(PARTITIONS, Map.of("a", 0), "a", 0)).isEqualTo(16);
    }

    private void join(String replica) {
        owned.put(replica, 0);
    }

    /** Rounds until nothing moves (at most 100), then the shares. */
    private List<Integer> settle() {
        for (int round = 0; round < 100; round++) {
            boolean moved = false;
            for (String replica : new ArrayList<>(owned.keySet())) {
                int mine = owned.get(replica);
                int held = owned.values().stream().mapToInt(Integer::intValue).sum();
                int adjustment = PartitionShares.adjustment(PARTITIONS, Map.copyOf(owned), replica, mine);
                if (adjustment < 0) {
                    owned.put(replica, mine - 1);
                    moved = true;
                } else if (adjustment > 0) {
                    owned.put(replica, mine + Math.min(adjustment, PARTITIONS - held));
                    moved = true;
                }
            }
            if (!moved) {
                return new ArrayList<>(owned.values());
            }
        }
        throw new AssertionError("the shares never settled: " + owned);
    }
}
