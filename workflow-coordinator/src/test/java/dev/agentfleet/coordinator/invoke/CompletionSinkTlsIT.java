package dev.agentfleet.coordinator.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.testing.tls.TestCertificates;

/**
 * Eventing with transport encryption gives the Broker an https address: the SinkBinding sets {@code K_SINK} to it
 * and {@code K_CA_CERTS} to the CA that signed its certificate. The packaged coordinator, configured by exactly those
 * two environment variables, delivers its completion events over TLS to a sink whose certificate that CA signed, and
 * refuses to deliver to one it did not sign (the run stays active until a sink it trusts takes the event).
 */
class CompletionSinkTlsIT {

    private static final Path WORK = Path.of("target", "completion-sink-tls-it");

    private final TestFunctions functions = new TestFunctions();
    private final TestFunctions sink = new TestFunctions(TestCertificates.generate(WORK.resolve("sink")));
    private final TestCertificates anotherAuthority = TestCertificates.generate(WORK.resolve("another"));

    @AfterEach
    void stop() {
        functions.stop();
        sink.stop();
    }

    @Test
    void completionEventsGoOverTlsToASinkSignedByTheGivenCaAndNowhereElse() throws Exception {
        Map<String, String> functionConfig = functions.start();
        String sinkUrl = sink.start().get("test.functions.url") + "/sink";
        assertThat(sinkUrl).startsWith("https://localhost:");
        try (RedisServer redis = RedisServer.builder().start()) {
            PackagedCoordinator trusting = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(5), WORK.resolve("trusting"))
                    .environment(Map.of("K_SINK", sinkUrl, "K_CA_CERTS", Files.readString(WORK.resolve("sink").resolve("ca.crt"))))
                    .start();
            String delivered;
            try {
                trusting.register(PackagedCoordinator.chain("announced-over-tls", 1, 0));
                delivered = trusting.startRun("announced-over-tls", "{\"n\": 0}");
                assertThat(trusting.awaitFinal(delivered).getString("status")).isEqualTo("SUCCEEDED");
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> subjects().contains(delivered));
                assertThat(trusting.metric("agentfleet_workflow_completion_events_total", "outcome=\"failed\"")).isZero();
            } finally {
                trusting.stop();
            }

            PackagedCoordinator misled = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(5), WORK.resolve("misled"))
                    .environment(Map.of("K_SINK", sinkUrl, "K_CA_CERTS", Files.readString(anotherAuthority.authority())))
                    .start();
            try {
                String refused = misled.startRun("announced-over-tls", "{\"n\": 1}");
                assertThat(misled.awaitFinal(refused).getString("status")).isEqualTo("SUCCEEDED");
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> misled.metric("agentfleet_workflow_completion_events_total", "outcome=\"failed\"") >= 1);
                assertThat(subjects()).as("a sink whose certificate the given CA did not sign gets nothing").doesNotContain(refused)
                        .containsExactly(delivered);
                assertThat(PackagedCoordinator.active(redis, refused)).as("still active, to be announced later").isTrue();
            } finally {
                misled.stop();
            }
        }
    }

    private java.util.List<String> subjects() {
        return sink.sinkEvents().stream().map(e -> e.getString("subject")).toList();
    }
}
