package dev.agentfleet.dataanalysis;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class AssessQualityFunctionIT extends AssessQualityFunctionTest {
}
