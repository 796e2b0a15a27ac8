package dev.agentfleet.coordinator.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The definitions API against the packaged application (the native executable under the native profile). */
@QuarkusIntegrationTest
class DefinitionsResourceIT extends DefinitionsResourceTest {
}
