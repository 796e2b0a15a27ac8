/**
 * One typed class per Lua script of {@code src/main/resources/lua/}: its keys and arguments as named record components
 * in the order the script reads them (the Lua names in the comments), its reply as a type. Each script is loaded once
 * and run by EVALSHA, sent again with EVAL on NOSCRIPT ({@link dev.agentfleet.sdk.redis.LuaScript}).
 */
package dev.agentfleet.coordinator.store.script;
