package dev.agentfleet.coordinator.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.testing.redis.RedisTestResource;
import dev.agentfleet.testing.senders.SenderIssuer;
import dev.agentfleet.testing.senders.SenderIssuerResource;
import dev.agentfleet.testing.senders.SenderIssuerResource.InjectSenderIssuer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The coordinator as the Knative manifests deploy it, sender verification on: its event entry points (a start, the
 * PingSource's tick, the Broker's dead letters) take only calls from allowed senders, and its own calls to functions
 * and to the completion sink carry its ServiceAccount token. The user API keeps taking user tokens. No bean is
 * injected: {@link SenderIdentityIT} runs the same against the packaged application (JVM and native).
 */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(TestFunctions.class)
@WithTestResource(value = SenderIssuerResource.class, initArgs = @ResourceArg(name = "token-files",
        value = "agentfleet.coordinator.sender-tokens.functions,agentfleet.coordinator.sender-tokens.sink"))
class SenderIdentityTest {

    private static final String ADMIN = "Bearer " + DevTokens.token("carol", "workflow-admin");

    @InjectSenderIssuer
    SenderIssuer issuer;

    @BeforeEach
    void register() {
        given().header("Authorization", ADMIN).contentType("application/yaml")
                .body("name: sender-check\nversion: \"1\"\nsteps:\n  - {id: a, function: test/act}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/workflows/definitions").then().statusCode(org.hamcrest.Matchers.lessThan(300));
    }

    @Test
    void eventEntryPointsRefuseCallsWithoutAnAllowedSenderToken() {
        for (String path : new String[] { "/", "/start-workflow", "/signal-workflow" }) {
            startEvent(null).post(path).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("Bearer"))
                    .body("errors[0].field", equalTo("Authorization"));
            startEvent("Bearer " + issuer.token(SenderIssuerResource.STRANGER)).post(path).then().statusCode(403)
                    .body("errors[0].field", equalTo("sub"));
            // A user's token, even an admin's, is not a sender token: another issuer.
            startEvent(ADMIN).post(path).then().statusCode(401);
        }
        deadLetter(null).post("/dead-letters").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("Bearer"));
        deadLetter("Bearer " + issuer.tokenFor(SenderIssuerResource.TRIGGER, "another-audience")).post("/dead-letters")
                .then().statusCode(401).body("detail", org.hamcrest.Matchers.containsString("audience"));
        deadLetter("Bearer " + issuer.token(SenderIssuerResource.STRANGER)).post("/dead-letters").then().statusCode(403);
        given().header("ce-specversion", "1.0").header("ce-id", UUID.randomUUID().toString())
                .header("ce-source", "/apis/v1/namespaces/agentfleet/pingsources/workflow-coordinator-tick")
                .header("ce-type", "dev.knative.sources.ping").contentType("application/json").body("{}").post("/")
                .then().statusCode(401);
    }

    @Test
    void aTriggerStartsARunAndTheCoordinatorsCallsCarryItsOwnToken() {
        String runId = startEvent("Bearer " + issuer.token(SenderIssuerResource.TRIGGER)).post("/")
                .then().statusCode(200).extract().path("runId");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(
                given().header("Authorization", ADMIN).get("/workflows/runs/" + runId).then().extract().path("status")));
        String functions = ConfigProvider.getConfig().getValue("test.functions.url", String.class);
        JsonArray requests = new JsonObject(given().get(functions + "/requests").asString()).getJsonArray(runId + "/a/1");
        assertThat(requests).isNotNull();
        String sent = requests.getJsonObject(0).getJsonObject("headers").getString("authorization");
        assertThat(sent).startsWith("Bearer ").isNotEqualTo(ADMIN);
        assertThat(subjectOf(sent)).isEqualTo(SenderIssuerResource.COORDINATOR);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> new JsonArray(given().get(functions + "/sink/events").asString())
                .stream().map(JsonObject.class::cast).anyMatch(e -> runId.equals(e.getString("subject"))
                        && SenderIssuerResource.COORDINATOR.equals(subjectOf(e.getString("authorization")))));
        deadLetter("Bearer " + issuer.token(SenderIssuerResource.TRIGGER)).post("/dead-letters").then().statusCode(202);
    }

    @Test
    void theUserApiStillTakesUserTokens() {
        given().header("Authorization", ADMIN).get("/dead-letters").then().statusCode(200);
        given().header("Authorization", "Bearer " + issuer.token(SenderIssuerResource.COORDINATOR)).get("/dead-letters")
                .then().statusCode(401);
    }

    private static String subjectOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8))
                .getString("sub");
    }

    private static RequestSpecification startEvent(String authorization) {
        RequestSpecification request = given().contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.workflow.start")
                .body("{\"workflow\": \"sender-check\", \"input\": {}}");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static RequestSpecification deadLetter(String authorization) {
        RequestSpecification request = given().contentType("application/json").header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-source", "/tests")
                .header("ce-type", "dev.agentfleet.forecast").header("ce-knativeerrordest", "http://weather")
                .body("{}");
        return authorization == null ? request : request.header("Authorization", authorization);
    }
}
