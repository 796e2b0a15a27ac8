package dev.agentfleet.canary.analysis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.canary.rollout.Rollout;

/**
 * The optional webhook checks (pre-rollout, each step, confirm-promotion): a POST of the rollout's state as JSON; any
 * 2xx answer passes, anything else (another status, a redirect, which is not followed, a refused connection, 5 s
 * without an answer) fails the check. Only URLs the {@link WebhookPolicy} allows are called.
 */
@ApplicationScoped
public class Webhooks {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper;
    private final WebhookPolicy policy;

    Webhooks(ObjectMapper mapper, WebhookPolicy policy) {
        this.mapper = mapper;
        this.policy = policy;
    }

    /** Null when the canary may call the URL, else why not. */
    public String refusal(String url) {
        return url == null || url.isBlank() ? null : policy.refusal(url);
    }

    /** Null when it passed (or there is no webhook), else why not. */
    public String check(String url, String hook, Rollout rollout) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String refused = policy.refusal(url);
        if (refused != null) {
            return hook + " webhook refused: it " + refused;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hook", hook);
        body.put("namespace", rollout.namespace());
        body.put("service", rollout.service());
        body.put("stableRevision", rollout.stableRevision());
        body.put("candidateRevision", rollout.candidateRevision());
        body.put("step", rollout.step());
        body.put("weight", rollout.weight());
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() / 100 == 2 ? null : hook + " webhook answered " + answer.statusCode();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException | IllegalArgumentException e) {
            return hook + " webhook failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return hook + " webhook interrupted";
        }
    }
}
