package dev.agentfleet.sdk.time;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The {@link Clock} that code which reads the time injects, so tests can move time instead of sleeping: the system
 * clock in UTC unless an application or a test produces another.
 */
public class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
