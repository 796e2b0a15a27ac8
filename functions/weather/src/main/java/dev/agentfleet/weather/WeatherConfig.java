package dev.agentfleet.weather;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Caching of upstream answers in Redis; keys under {@code agentfleet.weather}. */
@ConfigMapping(prefix = "agentfleet.weather")
public interface WeatherConfig {

    /** A cached forecast younger than this is served without asking the upstream. */
    @WithDefault("30m")
    Duration freshFor();

    /** How long a forecast is kept to fall back on (marked stale) when the upstream fails. */
    @WithDefault("48h")
    Duration keepFor();

    /** How long a geocoded place is kept. */
    @WithDefault("7d")
    Duration placesFor();
}
