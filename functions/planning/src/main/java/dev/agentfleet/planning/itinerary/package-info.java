/** plan-itinerary: choose, route and schedule a trip's visits under weather, budget and opening hours. */
package dev.agentfleet.planning.itinerary;
