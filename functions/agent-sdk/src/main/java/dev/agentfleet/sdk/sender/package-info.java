/**
 * Sender identity: which workloads may invoke a function or an event entry point. Calls carry an OIDC token (a
 * Kubernetes ServiceAccount token, sent by Knative Eventing's {@code authentication-oidc} feature and by the
 * coordinator); {@link dev.agentfleet.sdk.sender.SenderVerifier} checks its signature, issuer, audience, age and
 * subject. ADR 0007 says why and what is trusted.
 */
package dev.agentfleet.sdk.sender;
