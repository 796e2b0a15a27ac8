package dev.agentfleet.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.security.AuthorizationMatrixTest;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.http.Management;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * The OpenAPI document, served on the management port only: every HTTP endpoint of the authorization matrix is in it
 * (the Funqy event entries are CloudEvents, described in the event catalogue instead), with the bearer scheme, and
 * every failure it may answer, each as {@code application/problem+json} with the {@code Problem} schema.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class OpenApiTest {

    private static final List<String> EVENT_ENTRIES = List.of("POST /start-workflow", "POST /signal-workflow", "POST /workflow-tick");

    @Test
    void everyEndpointAndEveryProblemItAnswersIsDescribed() {
        JsonPath doc = Management.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getString("info.title")).isEqualTo("agentfleet workflow coordinator");
        assertThat(doc.getMap("components.securitySchemes")).isNotEmpty();
        assertThat(doc.getMap("components.schemas.Problem.properties")).containsKeys("title", "status", "detail", "errors");

        List<String> missing = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        for (String endpoint : AuthorizationMatrixTest.endpoints().keySet()) {
            if (EVENT_ENTRIES.contains(endpoint)) {
                continue;
            }
            String method = endpoint.substring(0, endpoint.indexOf(' ')).toLowerCase();
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            Map<String, Object> responses = doc.getMap("paths.'" + path + "'." + method + ".responses");
            if (responses == null) {
                missing.add(endpoint);
                continue;
            }
            for (String status : ProblemResponses.statuses(endpoint).keySet()) {
                if (!responses.containsKey(status)) {
                    undescribed.add(endpoint + " " + status);
                }
            }
            responses.forEach((status, response) -> {
                if (!status.startsWith("2") && !status.startsWith("3")) {
                    String ref = doc.getString("paths.'" + path + "'." + method + ".responses.'" + status + "'.content.'"
                            + ProblemResponses.PROBLEM + "'.schema.$ref");
                    if (ref == null || !ref.endsWith("/Problem")) {
                        undescribed.add(endpoint + " " + status + " (not a problem)");
                    }
                }
            });
        }
        assertThat(missing).as("endpoints missing from the OpenAPI document").isEmpty();
        assertThat(undescribed).as("failures not described as problems").isEmpty();
        assertThat(doc.getMap("paths.'/workflows/runs'.post.responses")).containsKeys("202", "404", "409", "422", "429");
    }

    @Test
    void theDocumentIsNotServedOnTheApplicationPort() {
        RestAssured.given().get("/q/openapi").then().statusCode(404);
    }
}
