package dev.agentfleet.coordinator.definition;

/** When a step with several dependencies may start. */
public enum JoinMode {
    /** When every dependency completed (skipped ones count as done). */
    ALL,
    /** As soon as one dependency completed. */
    ANY
}
