/**
 * A run's state: {@link dev.agentfleet.coordinator.run.Run} (what the engine drives), its statuses, the
 * {@link dev.agentfleet.coordinator.run.Transition}s between them, and its history entries.
 */
package dev.agentfleet.coordinator.run;
