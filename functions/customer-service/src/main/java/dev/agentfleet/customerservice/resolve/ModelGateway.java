package dev.agentfleet.customerservice.resolve;

import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Asks the configured model for a completion, with a timeout per attempt, one retry and a circuit breaker (after
 * half of 4 calls fail, the model is skipped for 30 s). A model that is slow or down costs at most ~2 timeouts, then
 * the resolver falls back to its template.
 */
@ApplicationScoped
public class ModelGateway {

    private final ModelConfig config;
    private final Optional<ChatCompletionsClient> client;

    ModelGateway(ModelConfig config) {
        this.config = config;
        this.client = config.baseUrl().filter(url -> !url.isBlank())
                .map(url -> QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url)).build(ChatCompletionsClient.class));
    }

    public boolean configured() {
        return client.isPresent();
    }

    public String modelName() {
        return config.name();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 1, delay = 200, jitter = 100)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS)
    public String complete(String system, String user) {
        ChatCompletionsClient chat = client.orElseThrow(() -> new IllegalStateException("no model is configured"));
        ChatCompletionsClient.ChatResponse response = chat.complete(config.apiKey().map(k -> "Bearer " + k).orElse(null),
                new ChatCompletionsClient.ChatRequest(config.name(),
                        List.of(new ChatCompletionsClient.Message("system", system), new ChatCompletionsClient.Message("user", user)),
                        0.2, config.maxTokens()));
        if (response == null || response.choices() == null || response.choices().isEmpty() || response.choices().get(0).message() == null
                || response.choices().get(0).message().content() == null || response.choices().get(0).message().content().isBlank()) {
            throw new IllegalStateException("the model answered without a message");
        }
        return response.choices().get(0).message().content().trim();
    }
}
