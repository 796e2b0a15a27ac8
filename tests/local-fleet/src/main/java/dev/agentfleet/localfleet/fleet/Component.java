package dev.agentfleet.localfleet.fleet;

import java.nio.file.Path;

/**
 * One process of the local fleet.
 *
 * @param name the component's name: {@code redis}, {@code open-meteo-stub}, a function module's name, or
 *             {@code workflow-coordinator}
 * @param kind what it is, which decides how it is started and checked
 * @param jar  the Quarkus runner jar ({@code target/quarkus-app/quarkus-run.jar}); null for Redis
 */
public record Component(String name, Kind kind, Path jar) {

    /** What a component is. */
    public enum Kind { REDIS, STUB, FUNCTION, COORDINATOR }
}
