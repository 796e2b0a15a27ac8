package dev.agentfleet.coordinator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.engine.RunControl;
import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * One OpenTelemetry trace per run, shared with the functions: the run's span continues the starter's
 * {@code traceparent}, each attempt is a client span under it, and each call carries that span's context to the
 * function (which continues it; agent-sdk's ObservabilityTest shows that side). Spans go to an in-memory exporter.
 */
@QuarkusTest
@TestProfile(RunTracingTest.Tracing.class)
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunTracingTest {

    /** The OpenTelemetry SDK on, exporting to the CDI exporter below. */
    public static class Tracing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.traces.exporter", "cdi",
                    "quarkus.otel.bsp.schedule.delay", "50ms");
        }
    }

    /** The exporter the application's tracer provider exports to. */
    public static class Spans {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    InMemorySpanExporter spans;
    @Inject
    DefinitionRegistry registry;
    @Inject
    RunControl control;
    @Inject
    RunQueries queries;
    @Inject
    ObjectMapper mapper;

    @Test
    void aRunIsOneTraceContinuingTheStartersAndReachingEveryCall() throws Exception {
        String name = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        registry.register(("name: " + name + "\nversion: \"1\"\nsteps:\n  - {id: a, function: test/act}\n"
                + "  - {id: b, function: test/act, dependsOn: [a]}\n").getBytes());
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String runId = control.start(new RunControl.StartCommand(name, null, mapper.readTree("{}"), null, "user:tracing-test",
                "00-" + callerTrace + "-00f067aa0ba902b7-01")).runId();
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> queries.run(runId).map(h -> h.get("status")).orElse(""), "SUCCEEDED"::equals);

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> ofRun = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(callerTrace)).toList();
            SpanData run = ofRun.stream().filter(s -> s.getName().equals("workflow " + name)).findFirst().orElseThrow();
            assertThat(run.getParentSpanId()).as("the run continues the starter's trace").isEqualTo("00f067aa0ba902b7");
            assertThat(ofRun).filteredOn(s -> s.getName().startsWith("step ")).hasSize(2).allSatisfy(step -> {
                assertThat(step.getKind()).isEqualTo(SpanKind.CLIENT);
                assertThat(step.getParentSpanId()).isEqualTo(run.getSpanId());
            });
        });
        Map<String, String> sent = RestAssured.get(ConfigProvider.getConfig().getValue("test.functions.url", String.class)
                + "/traceparents").then().statusCode(200).extract().jsonPath().getMap("$");
        for (String step : List.of("a", "b")) {
            SpanData attempt = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("step " + step)
                    && s.getTraceId().equals(callerTrace)).findFirst().orElseThrow();
            assertThat(sent.get(runId + "/" + step + "/1")).as("the traceparent step %s's call carried", step)
                    .isEqualTo("00-" + callerTrace + "-" + attempt.getSpanId() + "-01");
        }
    }
}
