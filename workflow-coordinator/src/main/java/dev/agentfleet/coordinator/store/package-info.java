/**
 * Redis for runs, partitions and definitions: every key from {@link dev.agentfleet.coordinator.store.RedisKeys}, every
 * write one Lua script (typed in {@code store.script}), reads for the API in
 * {@link dev.agentfleet.coordinator.store.RunQueries}. Nothing else in the coordinator reads or writes those keys.
 */
package dev.agentfleet.coordinator.store;
