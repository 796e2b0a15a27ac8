/**
 * workflow-coordinator: chains the fleet's capabilities into durable DAG workflows whose state lives in Redis.
 *
 * <p>{@code api} and {@code events} are the doors (HTTP with JWT roles; CloudEvents), {@code engine} drives runs around
 * the pure {@code engine.core}, {@code invoke} calls out, {@code store} is the only code that talks to Redis for runs and
 * definitions, {@code run} is a run's state and its transition tables, {@code definition} reads and compiles workflow
 * definitions, {@code observe} holds metrics and tracing. The module README lists what each package owns.
 */
package dev.agentfleet.coordinator;
