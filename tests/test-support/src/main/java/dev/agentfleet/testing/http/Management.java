package dev.agentfleet.testing.http;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the application under {@code @QuarkusTest}: health ({@code /q/health}) and metrics
 * ({@code /q/metrics}) answer there, on a port of their own, and not on the application port RestAssured defaults to.
 */
public final class Management {

    private Management() {
    }

    /**
     * The port it listens on in this test run: under {@code @QuarkusTest} a free one
     * ({@code %test.quarkus.management.test-port=0}, which Quarkus replaces with the port it took); under
     * {@code @QuarkusIntegrationTest} the packaged application runs its production configuration, port 9000.
     */
    public static int port() {
        var config = ConfigProvider.getConfig();
        int test = config.getOptionalValue("quarkus.management.test-port", Integer.class).orElse(0);
        return test != 0 ? test : config.getOptionalValue("quarkus.management.port", Integer.class).orElse(9000);
    }

    /** A request to it. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
