/**
 * The Open-Meteo-compatible upstream: REST clients for geocoding and forecast, and
 * {@link dev.agentfleet.weather.upstream.OpenMeteoGateway} with timeouts, retries and circuit breakers.
 */
package dev.agentfleet.weather.upstream;
