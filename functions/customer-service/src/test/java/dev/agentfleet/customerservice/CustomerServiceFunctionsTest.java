package dev.agentfleet.customerservice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.agentfleet.testing.http.BadInputChecks;
import dev.agentfleet.testing.http.FunctionCalls;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** classify-inquiry and resolve-issue (template path: no model configured) over HTTP and CloudEvents, and bad input. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
class CustomerServiceFunctionsTest {

    @Test
    void classifyOverHttp() {
        given().contentType("application/json").body("{\"text\": \"My package was marked delivered but never arrived.\"}")
                .when().post("/classify-inquiry")
                .then().statusCode(200)
                .body("category", equalTo("shipping"))
                .body("priority", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void resolveFromTheTemplateCitesTheArticle() {
        given().contentType("application/json")
                .body("{\"inquiry\": \"I forgot my password and the reset email never arrives\", \"category\": \"account\", \"customerName\": \"Ada\"}")
                .when().post("/resolve-issue")
                .then().statusCode(200)
                .body("path", equalTo("template"))
                .body("model", nullValue())
                .body("articles[0].id", equalTo("kb-account-password-reset"))
                .body("resolution", containsString("Hello Ada,"))
                .body("resolution", containsString("[kb-account-password-reset]"))
                .body("escalate", equalTo(false));
    }

    @Test
    void inquiryNoArticleMatchesIsEscalated() {
        given().contentType("application/json").body("{\"inquiry\": \"zzzqx vbnm\"}")
                .when().post("/resolve-issue")
                .then().statusCode(200)
                .body("escalate", equalTo(true))
                .body("articles.size()", equalTo(0));
    }

    @Test
    void classifyOverBinaryCloudEvent() {
        given().contentType("application/json")
                .header("ce-id", UUID.randomUUID().toString()).header("ce-specversion", "1.0")
                .header("ce-source", "/tests").header("ce-type", "dev.agentfleet.classify-inquiry")
                .body("{\"text\": \"Please cancel my subscription before it renews.\"}")
                .when().post("/")
                .then().statusCode(200)
                .header("ce-type", "classify-inquiry.output")
                .body("category", equalTo("cancellation"));
    }

    @Test
    void resolveOverStructuredCloudEvent() {
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "/tests", "type": "dev.agentfleet.resolve-issue",
                 "datacontenttype": "application/json", "data": {"inquiry": "The app crashes on my phone after the update"}}
                """.formatted(UUID.randomUUID());
        given().contentType("application/cloudevents+json").body(event)
                .when().post("/")
                .then().statusCode(200)
                .body("type", equalTo("resolve-issue.output"))
                .body("data.articles[0].id", equalTo("kb-tech-app-crash"));
    }

    @Test
    void blankTextIs422() {
        FunctionCalls.rejects("/classify-inquiry", "{\"text\": \"   \"}", 422, "text");
    }

    @Test
    void unknownCategoryIs422() {
        given().contentType("application/json").body("{\"inquiry\": \"help\", \"category\": \"gossip\"}")
                .when().post("/resolve-issue")
                .then().statusCode(422)
                .body("errors[0].field", equalTo("category"));
    }

    @Test
    void objectInsteadOfTextIs400() {
        given().contentType("application/json").body("{\"text\": {\"a\": 1}}")
                .when().post("/classify-inquiry")
                .then().statusCode(400)
                .body("errors[0].field", equalTo("text"));
    }

    @Test
    void escalationIsATicketInTheCategoryQueueWithTheResponseTarget() {
        given().contentType("application/json")
                .body("{\"inquiry\": \"Refund never arrived\", \"category\": \"billing\", \"priority\": \"urgent\", \"reason\": \"resolution failed\"}")
                .when().post("/escalate-issue")
                .then().statusCode(200)
                .body("ticketId", org.hamcrest.Matchers.startsWith("ESC-"))
                .body("queue", equalTo("billing-team"))
                .body("respondWithin", equalTo("PT1H"));
    }

    @Test
    void escalationWithoutReasonIs422() {
        FunctionCalls.rejects("/escalate-issue", "{\"inquiry\": \"help\", \"priority\": \"soon\"}", 422, "reason", "priority");
    }

    @Test
    void malformedJsonIs400() {
        BadInputChecks.malformedJsonIs400("/classify-inquiry", "{\"text\": ");
    }

    @Test
    void bodyOverTheConfiguredLimitIs413() {
        BadInputChecks.bodyOverTheLimitIs413("/classify-inquiry");
    }

    @Test
    void aStalledBodyIs408AndAStreamOverTheLimitIsCut() {
        BadInputChecks.stalledBodyIs408("/classify-inquiry", java.time.Duration.ofSeconds(2));
        BadInputChecks.streamOverTheLimitIsCut("/classify-inquiry");
    }
}
