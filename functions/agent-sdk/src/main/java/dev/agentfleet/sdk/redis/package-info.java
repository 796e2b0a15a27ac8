/** Redis helpers shared by the functions and the coordinator: Lua scripts run by EVALSHA. */
package dev.agentfleet.sdk.redis;
