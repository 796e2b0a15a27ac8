/**
 * What the planner chooses from. {@link dev.agentfleet.planning.catalog.PoiCatalog} and
 * {@link dev.agentfleet.planning.catalog.AccommodationCatalog} are the seams: {@code ShippedCatalog} reads the
 * bundled JSON; a bean backed by a provider's API can replace it.
 */
package dev.agentfleet.planning.catalog;
