/**
 * The loop around the core: {@link dev.agentfleet.coordinator.engine.Engine} drives the runs of the partitions this
 * replica owns on one event loop (decide, commit, act), {@link dev.agentfleet.coordinator.engine.PartitionOwner} holds
 * the partitions' fenced leases, {@link dev.agentfleet.coordinator.engine.RunControl} starts and cancels runs for the API.
 */
package dev.agentfleet.coordinator.engine;
