package dev.agentfleet.customerservice.resolve;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The optional model server; keys under {@code agentfleet.model}. Without {@code base-url} resolutions use templates. */
@ConfigMapping(prefix = "agentfleet.model")
public interface ModelConfig {

    /**
     * Base URL of an OpenAI-compatible server, with its API version, as such servers document it: e.g.
     * {@code http://model-server.agentfleet.svc.cluster.local/v1} (the GPU-hosted vLLM service); calls go to
     * {@code <base-url>/chat/completions}. Absent means no model.
     */
    Optional<String> baseUrl();

    /** The model name the server serves. */
    @WithDefault("agentfleet-support")
    String name();

    /** Bearer token, if the server wants one (from a Secret; never logged). */
    Optional<String> apiKey();

    @WithDefault("400")
    int maxTokens();
}
