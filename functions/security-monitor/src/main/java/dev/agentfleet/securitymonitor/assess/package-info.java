/** Triage of one detected incident: its priority, whether to page someone, and how to contain it. */
package dev.agentfleet.securitymonitor.assess;
