/** assess-quality: scores a customer-service resolution against its inquiry, with the reasons. */
package dev.agentfleet.dataanalysis.quality;
