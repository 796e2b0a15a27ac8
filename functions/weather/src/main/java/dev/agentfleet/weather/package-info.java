/**
 * weather: daily forecasts ({@code forecast}) from an Open-Meteo-compatible API. {@code upstream} talks to it with
 * timeouts, retries and circuit breakers; {@code forecast} caches in Redis and falls back to stale forecasts.
 */
package dev.agentfleet.weather;
