package dev.agentfleet.coordinator.definition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/**
 * The gate the seed workflows' first registration holds: readiness down and look-ups waiting until it opens, then
 * ready whatever each seed's outcome. (The coordinator's QuarkusTests start seed workflows right after start through
 * it; CoordinatorHealthTest checks the readiness it reports there.)
 */
class SeedGateTest {

    @Test
    void notReadyAndLookupsWaitUntilTheFirstPassEnds() throws Exception {
        SeedGate gate = new SeedGate();
        HealthCheckResponse before = gate.call();
        assertThat(before.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(before.getData().orElseThrow()).containsEntry("reason", "registering the seed workflows");
        assertThat(gate.await(Duration.ofMillis(50))).as("a bounded wait on a closed gate gives up").isFalse();

        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> gate.await(Duration.ofMinutes(2)));
        gate.record("travel-planning", true);
        gate.record("security-triage", false);
        gate.open();
        assertThat(waiting.get(2, TimeUnit.MINUTES)).as("a waiting look-up goes on once the gate opens").isTrue();

        HealthCheckResponse after = gate.call();
        assertThat(after.getStatus()).as("ready whatever a seed's outcome").isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(after.getData().orElseThrow()).containsEntry("travel-planning", "registered")
                .containsEntry("security-triage", "not registered, retried").doesNotContainKey("reason");
        assertThat(gate.await(Duration.ZERO)).isTrue();
    }
}
