/**
 * A run's state and its state machines: {@link dev.agentfleet.coordinator.run.Run} (what the engine drives, and the one
 * writer of statuses), its statuses, the tables of moves between them ({@link dev.agentfleet.coordinator.run.StepTransition},
 * {@link dev.agentfleet.coordinator.run.RunTransition}), why things fail ({@link dev.agentfleet.coordinator.run.FailureKind})
 * and its history entries.
 */
package dev.agentfleet.coordinator.run;
