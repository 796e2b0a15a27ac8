package dev.agentfleet.canary;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same rollouts against the packaged application (the native executable under the native profile). */
@QuarkusIntegrationTest
class CanaryRolloutIT extends CanaryRolloutTest {
}
