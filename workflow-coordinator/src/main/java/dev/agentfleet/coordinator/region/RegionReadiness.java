package dev.agentfleet.coordinator.region;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The region's role in readiness. A standby replica is ready (it serves reads of runs from the replica) and says so:
 * {@code role: standby}, why, and which region is active.
 */
@Readiness
@ApplicationScoped
public class RegionReadiness implements HealthCheck {

    private final RegionRole role;

    RegionReadiness(RegionRole role) {
        this.role = role;
    }

    @Override
    public HealthCheckResponse call() {
        RegionRole.State state = role.state();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("Region").up().withData("region", role.region())
                .withData("role", state.role().name().toLowerCase()).withData("epoch", state.epoch());
        if (state.activeRegion() != null) {
            builder.withData("active-region", state.activeRegion());
        }
        if (state.reason() != null) {
            builder.withData("reason", state.reason());
        }
        return builder.build();
    }
}
