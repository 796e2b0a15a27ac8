/**
 * workflow-coordinator: chains the fleet's capabilities into durable DAG workflows whose state lives in Redis.
 *
 * <p>This module is the deployable shell (health, metrics, Redis connection); the engine, its Redis store and the
 * HTTP/CloudEvents API are built in {@code api}, {@code engine} and {@code store} sub-packages as the coordinator
 * issue lands.
 */
package dev.agentfleet.coordinator;
