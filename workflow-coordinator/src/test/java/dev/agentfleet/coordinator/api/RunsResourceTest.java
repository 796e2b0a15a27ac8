package dev.agentfleet.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.definition.DefinitionRegistry;
import dev.agentfleet.coordinator.testing.ApiFixture;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** The run API over HTTP: roles, status codes, problem bodies, idempotent starts, the CloudEvent entry point, audit. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
class RunsResourceTest {

    private static final String SUBMIT = ApiFixture.SUBMITTER;
    private static final String READ = ApiFixture.READER;
    private static final String ADMIN = ApiFixture.ADMIN;

    @Inject
    DefinitionRegistry registry;
    @Inject
    RedisDataSource redis;
    @Inject
    AuditLog audit;

    private String workflow(String steps) {
        return ApiFixture.register(registry, "api", "input: {type: object, required: [n], properties: {n: {type: integer}}}\n" + steps);
    }

    private static RequestSpecification as(String token) {
        return ApiFixture.as(token);
    }

    private static String awaitStatus(String id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> as(READ).get("/workflows/runs/" + id).path("status"), status::equals);
        return id;
    }

    @Test
    void aStartedRunIs202WithItsLocationAndReadableUntilItSucceeds() {
        String wf = workflow("steps:\n  - {id: a, function: test/act, input: '{n: .input.n}'}\noutput: '.steps.a.output.echo'\n");
        String id = as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 7}}").post("/workflows/runs")
                .then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/workflows/runs/r"))
                .body("status", equalTo("RUNNING")).body("workflow", equalTo(wf)).body("definitionHash", startsWith("sha256:"))
                .extract().path("id");
        awaitStatus(id, "SUCCEEDED");
        as(READ).get("/workflows/runs/" + id).then().statusCode(200)
                .body("output.n", equalTo(7))
                .body("steps[0].id", equalTo("a")).body("steps[0].function", equalTo("test/act"))
                .body("steps[0].status", equalTo("SUCCEEDED")).body("steps[0].attempts", equalTo(1))
                .body("steps[0].durationMs", notNullValue()).body("finishedAt", notNullValue());
        as(READ).get("/workflows/runs/" + id + "/events").then().statusCode(200)
                .body("events.type", hasItems("run-started", "step-started", "step-succeeded", "run-succeeded"));
        as(READ).get("/workflows/runs?workflow=" + wf).then().statusCode(200)
                .body("runs.id", hasItem(id)).body("runs.workflow", everyItem(equalTo(wf)));
    }

    @Test
    void theSameIdempotencyKeyAnswers200WithTheSameRunAndAnotherRequestUnderItIs409() {
        String wf = workflow("steps:\n  - {id: a, function: test/act}\n");
        String key = UUID.randomUUID().toString();
        String body = "{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1}}";
        String id = as(SUBMIT).header("Idempotency-Key", key).body(body).post("/workflows/runs").then().statusCode(202).extract().path("id");
        as(SUBMIT).header("Idempotency-Key", key).body(body).post("/workflows/runs").then().statusCode(200).body("id", equalTo(id));
        as(SUBMIT).header("Idempotency-Key", key).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 2}}").post("/workflows/runs")
                .then().statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("idempotencyKey"));
    }

    @Test
    void badStartsAreProblemsNamingTheField() {
        String wf = workflow("steps:\n  - {id: a, function: test/act}\n");
        as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": \"seven\"}}").post("/workflows/runs")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("input.n"));
        as(SUBMIT).body("{\"workflow\": \"no-such-workflow\", \"input\": {}}").post("/workflows/runs")
                .then().statusCode(404).body("errors[0].field", equalTo("workflow"));
        as(SUBMIT).body("{\"input\": {}, \"colour\": 1}").post("/workflows/runs")
                .then().statusCode(422).body("errors.field", hasItems("colour", "workflow"));
        as(SUBMIT).body("{\"workflow\": ").post("/workflows/runs").then().statusCode(400).contentType("application/problem+json");
        as(SUBMIT).body("[1, 2]").post("/workflows/runs").then().statusCode(400).body("errors[0].field", equalTo("$"));
        as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1}, \"idempotencyKey\": \"" + "k".repeat(300) + "\"}")
                .post("/workflows/runs").then().statusCode(400).body("errors[0].field", equalTo("idempotencyKey"));
        as(SUBMIT).body("{\"workflow\": \"" + "x".repeat(1_100_000) + "\"}").post("/workflows/runs").then().statusCode(413);
        // An empty body once hung a worker thread for ever (Quarkus REST re-reading a stream the body handler had read).
        as(SUBMIT).body(new byte[0]).post("/workflows/runs").then().statusCode(400).body("errors[0].field", equalTo("$"));
        as(ADMIN).body(new byte[0]).post("/workflows/definitions").then().statusCode(anyOf(is(400), is(422)))
                .contentType("application/problem+json");
        given().header("Authorization", SUBMIT).contentType("multipart/form-data; boundary=x").body("[".repeat(10_000).getBytes())
                .post("/workflows/runs").then().statusCode(415).contentType("application/problem+json");
        as(READ).get("/workflows/runs/r0-not-a-run").then().statusCode(404).contentType("application/problem+json");
        as(READ).get("/workflows/runs?limit=0&status=DONE&cursor=x").then().statusCode(400)
                .body("errors.field", hasItems("limit", "status", "cursor"));
    }

    @Test
    void rolesDecideWhoMayDoWhat() {
        String wf = workflow("steps:\n  - {id: a, function: test/act, input: '{sleepMs: 30000}'}\n");
        given().contentType("application/json").body("{}").post("/workflows/runs").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-jwt").get("/workflows/runs").then().statusCode(401);
        as(READ).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1}}").post("/workflows/runs").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Authorization", SUBMIT).contentType("application/yaml").body("name: x".getBytes()).post("/workflows/definitions")
                .then().statusCode(403);

        String id = as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1}}").post("/workflows/runs")
                .then().statusCode(202).extract().path("id");
        as(READ).post("/workflows/runs/" + id + "/cancel").then().statusCode(403);
        as(ADMIN).post("/workflows/runs/" + id + "/cancel").then().statusCode(202);
        awaitStatus(id, "CANCELLED");
        as(ADMIN).post("/workflows/runs/" + id + "/cancel").then().statusCode(409).body("errors[0].field", equalTo("status"));
        as(ADMIN).post("/workflows/runs/r1-00000000-0000-0000-0000-000000000000/cancel").then().statusCode(404);

        List<String> entries = redis.stream(String.class).xrange(audit.key(), io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
                .stream().map(m -> m.payload().get("subject") + " " + m.payload().get("action") + " " + m.payload().get("target")).toList();
        org.assertj.core.api.Assertions.assertThat(entries).contains("carol run.cancel " + id);
    }

    @Test
    void aStartCloudEventStartsOneRunPerEventId() {
        String wf = workflow("steps:\n  - {id: a, function: test/act}\n");
        String eventId = UUID.randomUUID().toString();
        String body = "{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 3}}";
        String id = given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", eventId)
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.workflow.start").body(body).post("/")
                .then().statusCode(200).header("ce-type", "dev.agentfleet.workflow.started").body("created", equalTo(true))
                .extract().path("runId");
        given().contentType("application/cloudevents+json").body("{\"specversion\": \"1.0\", \"id\": \"" + eventId
                + "\", \"source\": \"/tests\", \"type\": \"dev.agentfleet.workflow.start\", \"datacontenttype\": \"application/json\", \"data\": "
                + body + "}").post("/").then().statusCode(200).body("data.runId", equalTo(id)).body("data.created", equalTo(false));
        awaitStatus(id, "SUCCEEDED");
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "x").header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.workflow.start").body("{\"input\": {}}").post("/")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("data.workflow"));
    }

    private static RequestSpecification startEvent(String id) {
        return given().contentType("application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.workflow.start");
    }

    @Test
    void theCloudEventStartRefusesWhatTheHttpStartRefuses() {
        String wf = workflow("steps:\n  - {id: a, function: test/act}\n");
        String unknownField = "{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1}, \"colour\": \"red\"}";
        as(SUBMIT).body(unknownField).post("/workflows/runs")
                .then().statusCode(422).body("errors.field", hasItem("colour"));
        startEvent(UUID.randomUUID().toString()).body(unknownField).post("/")
                .then().statusCode(422).contentType("application/problem+json").body("errors.field", hasItem("data.colour"));
        startEvent(UUID.randomUUID().toString()).body("{\"workflow\": 7, \"input\": {\"n\": 1}}").post("/")
                .then().statusCode(422).body("errors.field", hasItem("data.workflow"));
    }

    @Test
    void aBinaryStartEventMissingItsIdIs400NamingItAndABatchIs415() {
        given().contentType("application/json").header("ce-specversion", "1.0").header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.workflow.start").body("{\"workflow\": \"travel-planning\", \"input\": {}}")
                .post("/").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("ce-id"));
        given().contentType("application/cloudevents-batch+json").body("[]").post("/")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void inputThatCannotBeStoredExactlyIsRefusedNamingTheField() {
        String wf = workflow("steps:\n  - {id: a, function: test/act}\n");
        as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1, \"big\": 1e400}}").post("/workflows/runs")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("input.big"));
        as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1, \"text\": [\"ok\", \"\\ud800\"]}}")
                .post("/workflows/runs")
                .then().statusCode(422).body("errors[0].field", equalTo("input.text[1]"));
        startEvent(UUID.randomUUID().toString()).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1, \"big\": -1e400}}")
                .post("/").then().statusCode(422).body("errors[0].field", equalTo("data.input.big"));
        // What can be stored exactly is kept exactly: a surrogate pair and a large but finite number.
        String id = as(SUBMIT).body("{\"workflow\": \"" + wf + "\", \"input\": {\"n\": 1, \"emoji\": \"\\ud83d\\ude00\", \"big\": 1e300}}")
                .post("/workflows/runs").then().statusCode(202).extract().path("id");
        var run = as(READ).get("/workflows/runs/" + id).then().statusCode(200).body("input.emoji", equalTo("\ud83d\ude00"))
                .extract();
        org.assertj.core.api.Assertions.assertThat(((Number) run.path("input.big")).doubleValue()).isEqualTo(1e300);
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        dev.agentfleet.testing.http.BadInputChecks.stalledBodyIs408("/workflows/runs", Duration.ofSeconds(2));
        dev.agentfleet.testing.http.BadInputChecks.streamOverTheLimitIsCut("/workflows/runs");
    }
}
