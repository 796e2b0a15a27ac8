package dev.agentfleet.weather;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application; WireMock plays Open-Meteo from the test JVM. */
@QuarkusIntegrationTest
class ForecastFunctionIT extends ForecastFunctionTest {
}
