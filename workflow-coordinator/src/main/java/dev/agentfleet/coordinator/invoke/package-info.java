/**
 * The outbound side: calls to the capability functions ({@link dev.agentfleet.coordinator.invoke.Dispatcher},
 * {@link dev.agentfleet.coordinator.invoke.FunctionInvoker}), their circuit breakers, and the completion events sent to
 * the sink ({@link dev.agentfleet.coordinator.invoke.CompletionEvents}).
 */
package dev.agentfleet.coordinator.invoke;
