package dev.agentfleet.customerservice.resolve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.agentfleet.customerservice.resolve.ModelWireMock.InjectModel;
import dev.agentfleet.testing.redis.RedisTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/** resolve-issue with a model configured (WireMock as the OpenAI-compatible server): its answer, and the fallbacks. */
@QuarkusTest
@WithTestResource(RedisTestResource.class)
@WithTestResource(ModelWireMock.class)
class ModelPathTest {

    private static final String INQUIRY = "{\"inquiry\": \"I was charged twice for my invoice\", \"category\": \"billing\"}";

    @InjectModel
    WireMockServer model;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        model.resetAll();
        breakers.resetAll();
    }

    @Test
    void modelDraftsFromTheRetrievedArticles() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"id": "c1", "object": "chat.completion", "model": "test-model",
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": "We will refund the duplicate charge. [kb-billing-duplicate-charge]"}}]}
                        """)));

        resolve().statusCode(200)
                .body("path", org.hamcrest.Matchers.equalTo("model"))
                .body("model", org.hamcrest.Matchers.equalTo("test-model"))
                .body("resolution", containsString("refund the duplicate charge"))
                .body("articles[0].id", org.hamcrest.Matchers.equalTo("kb-billing-duplicate-charge"));

        model.verify(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer sk-test-not-a-secret"))
                .withRequestBody(matchingJsonPath("$.model", equalTo("test-model")))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("[kb-billing-duplicate-charge]")))
                .withRequestBody(matchingJsonPath("$.messages[1].content", containing("I was charged twice"))));
    }

    @Test
    void modelErrorFallsBackToTheTemplate() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));

        resolve().statusCode(200)
                .body("path", org.hamcrest.Matchers.equalTo("template"))
                .body("fallbackReason", containsString("the model failed"))
                .body("resolution", containsString("[kb-billing-duplicate-charge]"));
        model.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    }

    @Test
    void aCallerWithAFallbackOfItsOwnGetsA503AndTheTemplateFromTemplateAnswer() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(503)));

        given().contentType("application/json").body("{\"inquiry\": \"I was charged twice for my invoice\", \"category\": \"billing\","
                + " \"fallback\": \"none\"}").when().post("/resolve-issue").then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("the caller asked for no fallback"));
        given().contentType("application/json").body(INQUIRY).when().post("/template-answer").then().statusCode(200)
                .body("path", org.hamcrest.Matchers.equalTo("template")).body("fallbackReason", org.hamcrest.Matchers.nullValue())
                .body("articles[0].id", org.hamcrest.Matchers.equalTo("kb-billing-duplicate-charge"));
        model.verify(2, postRequestedFor(urlPathEqualTo("/v1/chat/completions"))); // template-answer never asks the model
        given().contentType("application/json").body("{\"inquiry\": \"hi\", \"fallback\": \"maybe\"}").when().post("/resolve-issue")
                .then().statusCode(422).body("errors[0].field", org.hamcrest.Matchers.equalTo("fallback"));
    }

    @Test
    void slowModelTimesOutAndFallsBack() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withFixedDelay(10000)
                .withHeader("Content-Type", "application/json").withBody("{\"choices\": []}")));

        resolve().statusCode(200)
                .body("path", org.hamcrest.Matchers.equalTo("template"))
                .body("fallbackReason", containsString("TimeoutException"));
    }

    @Test
    void emptyModelAnswerFallsBack() {
        model.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": \"  \"}}]}")));

        resolve().statusCode(200).body("path", org.hamcrest.Matchers.equalTo("template"));
    }

    private static ValidatableResponse resolve() {
        return given().contentType("application/json").body(INQUIRY).when().post("/resolve-issue").then();
    }
}
