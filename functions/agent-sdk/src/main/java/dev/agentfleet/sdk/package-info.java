/**
 * agent-sdk: what every agentfleet capability shares.
 *
 * <ul>
 *   <li>{@link dev.agentfleet.sdk.problem}: bad input becomes an RFC 9457 {@code application/problem+json} 4xx, never a 500;</li>
 *   <li>{@link dev.agentfleet.sdk.invocation}: {@code @AgentFunction} counts, times and traces every invocation and
 *       makes at-least-once delivery safe;</li>
 *   <li>{@link dev.agentfleet.sdk.idempotency}: the Redis store behind that (first result wins, duplicates replay it);</li>
 *   <li>{@link dev.agentfleet.sdk.redis}: Lua scripts run by EVALSHA (works on Redis 6.2 and 7.x).</li>
 * </ul>
 */
package dev.agentfleet.sdk;
