package dev.agentfleet.coordinator.engine;

import java.util.Map;

/**
 * How many partitions a replica takes or gives up in one rebalancing round, from what every live replica owned at its
 * last heartbeat. With {@code n} live replicas each aims at {@code floor(P/n)} or {@code ceil(P/n)}:
 *
 * <ul>
 * <li>above {@code ceil}: give one up;</li>
 * <li>above {@code floor} while another replica is below it and nothing is free: give one up (otherwise replicas at
 * {@code ceil} would starve a late joiner: 16 over three could end 6/6/4);</li>
 * <li>below its aim: take what is free, up to {@code floor} while another replica is below {@code floor}, else up to
 * {@code ceil}.</li>
 * </ul>
 *
 * One partition given up per round per replica, so the shares settle in a few rounds without handing partitions back
 * and forth. The shares are up to a round old; a wrong guess costs a failed acquisition or one more round.
 */
final class PartitionShares {

    private PartitionShares() {
    }

    /**
     * @param partitions all partitions
     * @param owned      partitions per live replica (this one's entry is replaced by {@code mine})
     * @param me         this replica
     * @param mine       partitions this replica owns or is acquiring
     * @return how many to try to take (positive), -1 to give one up, or 0
     */
    static int adjustment(int partitions, Map<String, Integer> owned, String me, int mine) {
        int replicas = owned.containsKey(me) ? owned.size() : owned.size() + 1;
        int floor = partitions / replicas;
        int ceil = (partitions + replicas - 1) / replicas;
        int held = mine;
        boolean someoneShort = false;
        for (Map.Entry<String, Integer> e : owned.entrySet()) {
            if (!e.getKey().equals(me)) {
                held += e.getValue();
                someoneShort |= e.getValue() < floor;
            }
        }
        int free = partitions - held;
        if (mine > ceil || (mine > floor && someoneShort && free <= 0)) {
            return -1;
        }
        int aim = someoneShort ? floor : ceil;
        return Math.max(0, Math.min(aim - mine, free));
    }
}
