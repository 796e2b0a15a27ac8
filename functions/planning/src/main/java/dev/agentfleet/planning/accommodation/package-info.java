/** find-accommodation: rank places to stay by price, rating and distance to the itinerary, with the reasons. */
package dev.agentfleet.planning.accommodation;
