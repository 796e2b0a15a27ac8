/**
 * planning: trip itineraries ({@code plan-itinerary}) and accommodation rankings ({@code find-accommodation}).
 * {@code catalog} holds the data behind interfaces a real provider can replace, {@code geo} the distances and route
 * ordering, {@code itinerary} and {@code accommodation} the two services.
 */
package dev.agentfleet.planning;
