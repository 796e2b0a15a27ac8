/** Distances (haversine) and the ordering of a day's stops (nearest-neighbour + 2-opt). */
package dev.agentfleet.planning.geo;
