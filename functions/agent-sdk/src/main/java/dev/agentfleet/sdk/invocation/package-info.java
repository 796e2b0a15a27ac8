/**
 * How a request becomes an invocation: {@link dev.agentfleet.sdk.invocation.FunctionRoutes} checks it before Funqy
 * (CloudEvent envelope, media type, known function) and renders every failure as a problem;
 * {@link dev.agentfleet.sdk.invocation.AgentFunction} meters, traces and deduplicates the call itself.
 */
package dev.agentfleet.sdk.invocation;
