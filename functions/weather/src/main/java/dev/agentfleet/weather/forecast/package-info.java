/** The forecast: request and result records, WMO conditions, the outdoor-suitability score, the Redis cache and the service. */
package dev.agentfleet.weather.forecast;
