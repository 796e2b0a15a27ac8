package dev.agentfleet.canary;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The canary function's settings ({@code agentfleet.canary.*}); see README.md. */
@ConfigMapping(prefix = "agentfleet.canary")
public interface CanaryConfig {

    /** The namespace of a rollout that names none. */
    @WithDefault("agentfleet")
    String namespace();

    Defaults defaults();

    Queries queries();

    WebhookSettings webhooks();

    /** Where rollouts' webhooks may point ({@code analysis.WebhookPolicy}). */
    interface WebhookSettings {
        /** Hosts a webhook URL may name: exact names, or {@code *.example.com}. None by default: webhooks are off. */
        java.util.Optional<java.util.List<String>> allowedHosts();

        /** Whether an allowed host may resolve to a private address (in-cluster webhooks: ClusterIPs are private). */
        @WithDefault("false")
        boolean allowPrivateAddresses();
    }

    /** Defaults for what a rollout request leaves out. */
    interface Defaults {
        @WithDefault("10")
        int stepWeight();

        @WithDefault("50")
        int maxWeight();

        @WithDefault("PT1M")
        Duration analysisInterval();

        @WithDefault("3")
        int failedChecks();

        @WithDefault("PT10M")
        Duration progressDeadline();

        @WithDefault("0.99")
        double minSuccessRate();

        @WithDefault("PT0.5S")
        Duration maxLatencyP99();
    }

    /**
     * PromQL templates; {namespace}, {service}, {revision} and {interval} (e.g. 60s) are filled in. An empty result or
     * NaN means no data (a revision without traffic), which holds the rollout rather than passing it.
     */
    interface Queries {
        @WithDefault("1 - (sum(rate(agentfleet_function_errors_total{namespace=\"{namespace}\",revision=\"{revision}\","
                + "kind=~\"internal|upstream_unavailable\"}[{interval}])) or vector(0))"
                + " / sum(rate(agentfleet_function_invocations_seconds_count{namespace=\"{namespace}\","
                + "revision=\"{revision}\"}[{interval}]))")
        String successRate();

        @WithDefault("histogram_quantile(0.99, sum by (le) (rate(agentfleet_function_invocations_seconds_bucket{"
                + "namespace=\"{namespace}\",revision=\"{revision}\"}[{interval}])))")
        String latencyP99();
    }
}
