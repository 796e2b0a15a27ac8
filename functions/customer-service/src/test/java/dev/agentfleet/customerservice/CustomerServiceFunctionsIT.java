package dev.agentfleet.customerservice;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application. */
@QuarkusIntegrationTest
class CustomerServiceFunctionsIT extends CustomerServiceFunctionsTest {
}
