package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/**
 * Owner isolation over real HTTP and Redis: a submitter sees, lists and cancels only the runs it started, its
 * idempotency keys are its own, workflow-read sees everyone's, and starts are audited with who made them.
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunOwnershipTest {

    private static final String ALICE = ApiFixture.SUBMITTER;
    private static final String DAVE = ApiFixture.bearer("dave", "workflow-submit");
    private static final String READER = ApiFixture.READER;
    private static final String ADMIN = ApiFixture.ADMIN;

    @Inject
    DefinitionRegistry registry;
    @Inject
    RedisDataSource redis;
    @Inject
    AuditLog audit;

    private String slowWorkflow() {
        return ApiFixture.register(registry, "own", "steps:\n  - {id: a, function: test/act, input: '{sleepMs: 30000}'}\n");
    }

    private static RequestSpecification as(String token) {
        return ApiFixture.as(token);
    }

    private static String start(String token, String workflow, String key) {
        RequestSpecification request = as(token);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.body("{\"workflow\": \"" + workflow + "\", \"input\": {}}").post("/workflows/runs")
                .then().statusCode(202).extract().path("id");
    }

    @Test
    void aSubmitterReadsListsAndCancelsOnlyItsOwnRuns() {
        String wf = slowWorkflow();
        String alices = start(ALICE, wf, null);
        String daves = start(DAVE, wf, null);

        as(ALICE).get("/workflows/runs/" + alices).then().statusCode(200).body("startedBy", equalTo("user:alice"));
        as(ALICE).get("/workflows/runs/" + daves).then().statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
        as(ALICE).get("/workflows/runs/" + daves + "/events").then().statusCode(404);
        as(ALICE).get("/workflows/runs?workflow=" + wf).then().statusCode(200)
                .body("runs.id", hasItem(alices)).body("runs.id", not(hasItem(daves)))
                .body("runs.startedBy", everyItem(equalTo("user:alice")));
        as(ALICE).get("/workflows/runs?startedBy=user:dave").then().statusCode(400).body("errors[0].field", equalTo("startedBy"));

        as(READER).get("/workflows/runs/" + daves).then().statusCode(200).body("startedBy", equalTo("user:dave"));
        as(READER).get("/workflows/runs?workflow=" + wf + "&startedBy=user:dave").then().statusCode(200)
                .body("runs.id", hasItem(daves)).body("runs.id", not(hasItem(alices)));
        as(READER).post("/workflows/runs/" + alices + "/cancel").then().statusCode(403);

        as(DAVE).post("/workflows/runs/" + alices + "/cancel").then().statusCode(404);
        as(ALICE).post("/workflows/runs/" + alices + "/cancel").then().statusCode(202);
        as(ADMIN).post("/workflows/runs/" + daves + "/cancel").then().statusCode(202);

        assertThat(ApiFixture.auditEntries(redis, audit)).contains("alice run.start " + alices + " created", "dave run.start " + daves + " created",
                "dave run.cancel " + alices + " refused", "alice run.cancel " + alices + " accepted",
                "carol run.cancel " + daves + " accepted");
    }

    @Test
    void idempotencyKeysAreScopedToWhoStarts() {
        String wf = slowWorkflow();
        String key = UUID.randomUUID().toString();
        String alices = start(ALICE, wf, key);
        String daves = start(DAVE, wf, key); // 202, not alice's run: the same key from someone else is another start
        assertThat(daves).isNotEqualTo(alices);
        as(ALICE).header("Idempotency-Key", key).body("{\"workflow\": \"" + wf + "\", \"input\": {}}").post("/workflows/runs")
                .then().statusCode(200).body("id", equalTo(alices));
        assertThat(ApiFixture.auditEntries(redis, audit)).contains("alice run.start " + alices + " existing");
        as(ADMIN).post("/workflows/runs/" + alices + "/cancel").then().statusCode(202);
        as(ADMIN).post("/workflows/runs/" + daves + "/cancel").then().statusCode(202);
    }

    @Test
    void aRunStartedByAnEventBelongsToItsSourceAndIsReadWithWorkflowRead() {
        String wf = slowWorkflow();
        String id = given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": \""
                + UUID.randomUUID() + "\", \"source\": \"/ownership\", \"type\": \"dev.agentfleet.workflow.start\", "
                + "\"datacontenttype\": \"application/json\", \"data\": {\"workflow\": \"" + wf + "\", \"input\": {}}}").post("/")
                .then().statusCode(200).extract().path("data.runId");
        as(READER).get("/workflows/runs/" + id).then().statusCode(200).body("startedBy", equalTo("event:/ownership"));
        as(ALICE).get("/workflows/runs/" + id).then().statusCode(404);
        assertThat(ApiFixture.auditEntries(redis, audit)).contains("event:/ownership run.start " + id + " created");
        as(ADMIN).post("/workflows/runs/" + id + "/cancel").then().statusCode(202);
    }

}
