package dev.agentfleet.coordinator.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same events against the packaged application (the native executable under the native profile). */
@QuarkusIntegrationTest
class KnativeEventsIT extends KnativeEventsTest {
}
