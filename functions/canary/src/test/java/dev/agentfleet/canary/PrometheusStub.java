package dev.agentfleet.canary;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock as Prometheus' HTTP API: each test stubs the figures of its own candidate revision (queries name the
 * revision), as an instant vector, an empty result (no data) or NaN.
 */
public class PrometheusStub implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return Map.of("quarkus.rest-client.prometheus.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The candidate's success rate and p99 latency (seconds); null: no data for that query. */
    static void figures(String revision, Double successRate, Double p99Seconds, int delayMillis) {
        stub(revision, "agentfleet_function_errors_total", successRate, delayMillis);
        stub(revision, "agentfleet_function_invocations_seconds_bucket", p99Seconds, 0);
    }

    private static void stub(String revision, String metric, Double value, int delayMillis) {
        String result = value == null ? "[]"
                : "[{\"metric\": {}, \"value\": [1763900000.123, \"" + value + "\"]}]";
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", containing("revision=\"" + revision + "\""))
                .withQueryParam("query", containing(metric))
                .willReturn(aResponse().withFixedDelay(delayMillis).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\": \"success\", \"data\": {\"resultType\": \"vector\", \"result\": " + result + "}}")));
    }
}
