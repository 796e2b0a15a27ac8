package dev.agentfleet.canary.analysis;

import java.util.OptionalDouble;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.canary.CanaryConfig;
import dev.agentfleet.canary.rollout.Rollout;

/**
 * Judges the candidate revision on Prometheus' figures over the analysis interval: request success rate and p99
 * latency. A query with no result (or NaN: no requests in the window) is {@link Verdict.Outcome#NO_DATA}, never a pass:
 * a canary scaled to zero proves nothing.
 */
@ApplicationScoped
public class MetricGates {

    /** The result of one evaluation, with the figures for the decision log. */
    public record Verdict(Outcome outcome, String reason) {
        public enum Outcome {
            PASS, FAIL, NO_DATA
        }
    }

    private final PrometheusApi prometheus;
    private final CanaryConfig config;

    MetricGates(@RestClient PrometheusApi prometheus, CanaryConfig config) {
        this.prometheus = prometheus;
        this.config = config;
    }

    public Verdict evaluate(Rollout rollout) {
        String interval = Math.max(1, rollout.analysisInterval().toSeconds()) + "s";
        OptionalDouble success = value(fill(config.queries().successRate(), rollout, interval));
        OptionalDouble p99 = value(fill(config.queries().latencyP99(), rollout, interval));
        if (success.isEmpty() || p99.isEmpty()) {
            return new Verdict(Verdict.Outcome.NO_DATA, "no requests reached " + rollout.candidateRevision() + " in the last "
                    + interval);
        }
        String figures = String.format("success rate %.4f (min %.4f), p99 %.0f ms (max %d ms)", success.getAsDouble(),
                rollout.minSuccessRate(), p99.getAsDouble() * 1000, rollout.maxLatencyP99().toMillis());
        boolean ok = success.getAsDouble() >= rollout.minSuccessRate()
                && p99.getAsDouble() <= rollout.maxLatencyP99().toNanos() / 1e9;
        return new Verdict(ok ? Verdict.Outcome.PASS : Verdict.Outcome.FAIL, figures);
    }

    private static String fill(String template, Rollout rollout, String interval) {
        return template.replace("{namespace}", rollout.namespace()).replace("{service}", rollout.service())
                .replace("{revision}", rollout.candidateRevision()).replace("{interval}", interval);
    }

    /** The first sample of an instant vector; empty when there is none or it is not a number. */
    private OptionalDouble value(String query) {
        JsonNode answer = prometheus.query(query);
        JsonNode result = answer.path("data").path("result");
        if (!"success".equals(answer.path("status").asText()) || !result.isArray() || result.isEmpty()) {
            return OptionalDouble.empty();
        }
        String text = result.get(0).path("value").path(1).asText("NaN");
        try {
            double v = Double.parseDouble(text);
            return Double.isNaN(v) || Double.isInfinite(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }
}
