/** escalate-issue: hands an inquiry to a person through a Redis stream the support tool reads. */
package dev.agentfleet.customerservice.escalate;
