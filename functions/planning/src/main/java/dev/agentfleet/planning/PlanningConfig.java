package dev.agentfleet.planning;

import java.time.LocalTime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Planning rules; keys under {@code agentfleet.planning}. */
@ConfigMapping(prefix = "agentfleet.planning")
public interface PlanningConfig {

    /** When a day's first visit may start. */
    @WithDefault("09:00")
    LocalTime dayStart();

    /** When a day's last visit must end. */
    @WithDefault("19:00")
    LocalTime dayEnd();

    /** At most this many stops a day. */
    @WithDefault("5")
    int maxStopsPerDay();

    /** Average door-to-door speed between stops in a city (walking plus transit), km/h. */
    @WithDefault("12")
    double travelSpeedKmh();

    /** Outdoor stops only go on days whose forecast outdoor suitability is at least this (0..1). */
    @WithDefault("0.5")
    double outdoorThreshold();
}
