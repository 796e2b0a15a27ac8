package dev.agentfleet.coordinator.engine;

/**
 * What the engine asks of partition ownership ({@link PartitionOwner}): the lease (fencing token) a commit must carry,
 * and where to report a partition lost. Loop only.
 */
interface Leases {

    /** The lease value held for a partition, or null when this replica does not own it. */
    String lease(int partition);

    /** A commit was fenced: the partition belongs to another replica now. */
    void lost(int partition);
}
