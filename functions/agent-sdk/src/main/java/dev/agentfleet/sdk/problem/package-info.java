/**
 * The error model: every failed request is answered with an RFC 9457 {@code application/problem+json} body.
 * Bad input is a 4xx naming each bad field; only a fault of the function itself is a 500, without a stack trace.
 */
package dev.agentfleet.sdk.problem;
