package dev.agentfleet.coordinator.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisServer;

/**
 * The packaged coordinator (the runner jar, or the native executable under the native profile) serves the run console:
 * {@code /console} leads to the page, the page's files and the webjars it loads are there with the page's headers, and
 * a run's history stream answers; the pages hold no data, so they need no token, and the stream does.
 */
class ConsoleAssetsIT {

    @Test
    void theConsoleAndItsLibrariesAreServedAndItsStreamNeedsAToken() throws Exception {
        TestFunctions functions = new TestFunctions();
        try (RedisServer redis = RedisServer.builder().start()) {
            PackagedCoordinator coordinator = new PackagedCoordinator(redis, functions.start(), Duration.ofSeconds(5),
                    Path.of("target", "console-assets-it")).start();
            try {
                given().baseUri(coordinator.url()).redirects().follow(false).get("/console").then().statusCode(302)
                        .header("Location", "/console/");
                given().baseUri(coordinator.url()).get("/console/").then().statusCode(200).contentType(startsWith("text/html"))
                        .header("Content-Security-Policy", containsString("default-src 'self'"))
                        .header("X-Content-Type-Options", "nosniff").body(containsString("console.js"));
                for (String file : List.of("/console/console.js", "/console/graph.js", "/console/console.css",
                        "/webjars/dagre/0.8.4/dist/dagre.min.js", "/webjars/diff/5.1.0/dist/diff.min.js")) {
                    assertThat(given().baseUri(coordinator.url()).get(file).then().statusCode(200).extract().asByteArray())
                            .as(file).hasSizeGreaterThan(1000);
                }
                coordinator.register(PackagedCoordinator.chain("console-assets", 1, 0));
                String run = coordinator.startRun("console-assets", "{}");
                coordinator.awaitFinal(run);
                given().baseUri(coordinator.url()).get("/workflows/runs/" + run + "/stream").then().statusCode(401);
                given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).get("/workflows/runs/" + run + "/stream")
                        .then().statusCode(200).contentType(startsWith("text/event-stream")).body(containsString("run-succeeded"));
            } finally {
                coordinator.stop();
                functions.stop();
            }
        }
    }
}
