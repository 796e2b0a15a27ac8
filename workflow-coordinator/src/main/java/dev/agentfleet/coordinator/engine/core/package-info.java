/**
 * The pure core of the engine: {@link dev.agentfleet.coordinator.engine.core.RunCore} takes a run's state and one round of
 * {@link dev.agentfleet.coordinator.engine.core.Input}s and returns a {@link dev.agentfleet.coordinator.engine.core.Decision}:
 * the moves taken through the transition tables, their history entries, and the
 * {@link dev.agentfleet.coordinator.engine.core.Effect}s the loop performs once they are committed. No Redis, no HTTP,
 * no clock reads.
 */
package dev.agentfleet.coordinator.engine.core;
