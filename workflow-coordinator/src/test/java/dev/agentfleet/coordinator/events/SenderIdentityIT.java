package dev.agentfleet.coordinator.events;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Sender identity against the packaged application: the native executable verifies tokens with the same JWKS. */
@QuarkusIntegrationTest
class SenderIdentityIT extends SenderIdentityTest {
}
