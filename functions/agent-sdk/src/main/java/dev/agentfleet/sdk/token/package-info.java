/**
 * Verified bearer tokens remembered for a moment ({@link dev.agentfleet.sdk.token.VerifiedTokens}): the sender check
 * of functions and the coordinator's API authentication verify a token once, not on every request.
 */
package dev.agentfleet.sdk.token;
