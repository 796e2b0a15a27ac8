package dev.agentfleet.securitymonitor;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (jar, or native executable with -Dnative). */
@QuarkusIntegrationTest
class DetectThreatsFunctionIT extends DetectThreatsFunctionTest {
}
