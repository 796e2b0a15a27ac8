/** Idempotent delivery: the first result of a CloudEvent (or Idempotency-Key) is kept in Redis and replayed. */
package dev.agentfleet.sdk.idempotency;
