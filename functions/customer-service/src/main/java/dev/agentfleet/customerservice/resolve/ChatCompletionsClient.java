package dev.agentfleet.customerservice.resolve;

import java.util.List;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The OpenAI-compatible chat completions API (vLLM, Ollama, llama.cpp server, OpenAI, ...), relative to the base URL,
 * which carries the API version as those servers document it ({@code http://model-server/v1},
 * {@code https://api.openai.com/v1}). It once was {@code /v1/chat/completions} here as well, which made the deployed
 * {@code .../v1} base URL call {@code /v1/v1/chat/completions}: every production request fell back to the template.
 */
@Path("/chat/completions")
public interface ChatCompletionsClient {

    @POST
    ChatResponse complete(@HeaderParam("Authorization") String authorization, ChatRequest request);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record ChatRequest(String model, List<Message> messages, double temperature, @JsonProperty("max_tokens") int maxTokens) {
    }

    @RegisterForReflection
    record Message(String role, String content) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record ChatResponse(String model, List<Choice> choices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    record Choice(Message message, @JsonProperty("finish_reason") String finishReason) {
    }
}
