package dev.agentfleet.planning;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class PlanningFunctionsIT extends PlanningFunctionsTest {
}
