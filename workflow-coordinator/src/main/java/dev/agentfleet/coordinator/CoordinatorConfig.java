package dev.agentfleet.coordinator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The coordinator's settings; keys under {@code agentfleet.coordinator} (README lists each with its default). */
@ConfigMapping(prefix = "agentfleet.coordinator")
public interface CoordinatorConfig {

    /** The capability functions workflows may call, as {@code <service>/<function>}. */
    Set<String> functions();

    /** Base URL per service, e.g. {@code function-urls.weather=http://localhost:8081}; overrides the pattern. */
    Map<String, String> functionUrls();

    /** The URL of a service by default; {@code {service}} is replaced. */
    @WithDefault("http://{service}.agentfleet.svc.cluster.local")
    String functionUrlPattern();

    /** Where completion CloudEvents go ({@code K_SINK}, set by a Knative SinkBinding); none when empty. */
    Optional<String> sink();

    /**
     * The CA certificates (PEM text) an https sink's certificate is checked against ({@code K_CA_CERTS}, which the
     * SinkBinding sets beside {@code K_SINK} when Eventing's transport encryption gives the Broker an https address);
     * the JVM's trusted authorities when empty.
     */
    Optional<String> sinkCaCerts();

    /**
     * How often every replica checks that the seed workflows are registered, and registers those Redis lost (a restart
     * without persistence, a failover that dropped writes), so they come back without a restart.
     */
    @WithDefault("PT10S")
    Duration seedCheckInterval();

    Engine engine();

    Breaker breaker();

    SenderTokens senderTokens();

    StartRate startRate();

    /**
     * Whether the prod profile may run with the checked-in development key as its user-token key (its private half is
     * public): only a local or development fleet says so ({@code DevelopmentKeyGuard}).
     */
    @WithDefault("false")
    boolean allowDevelopmentKey();

    /**
     * The sender tokens the coordinator presents (ADR 0007): files the platform keeps fresh, a Kubernetes projected
     * ServiceAccount token per audience. Without one, calls go out without a token (local runs).
     */
    interface SenderTokens {

        /** Sent to the capability functions (audience {@code agentfleet} in the Knative manifests). */
        Optional<java.nio.file.Path> functions();

        /** Sent to the completion events' sink, the Broker (its audience {@code eventing.knative.dev/broker/<ns>/<name>}). */
        Optional<java.nio.file.Path> sink();
    }

    /** The region this replica runs in (two-region deployments: see {@code docs/runbooks/region-failover.md}). */
    Region region();

    interface Region {
        /**
         * This region's name (e.g. {@code europe-west1}). Replicas drive runs only while Redis names their region the
         * active one; in a backup region, on a read-only replica of the primary's Redis, they stand by.
         */
        @WithDefault("local")
        String name();
    }

    interface Engine {
        /** Runs are spread over this many partitions, each owned by one replica under a lease. Fixed per deployment. */
        @WithDefault("16")
        int partitions();

        /** How long a partition stays owned without renewal: a dead replica's runs resume this long after it died. */
        @WithDefault("PT5S")
        Duration leaseTtl();

        /** How often an owner renews its leases and takes new runs and cancellations from other replicas. */
        @WithDefault("PT0.2S")
        Duration pollInterval();

        /** How often a replica re-balances: takes free partitions, gives up more than its share. */
        @WithDefault("PT1S")
        Duration rebalanceInterval();

        /** Resolution of step timeouts, retry backoff and deadlines. */
        @WithDefault("PT0.01S")
        Duration tickInterval();

        /** At most this many steps of one run in flight at once. */
        @WithDefault("128")
        int maxParallelPerRun();

        /** At most this many step calls in flight on one replica. */
        @WithDefault("1024")
        int maxInFlight();

        /**
         * Pooled HTTP connections per function service: as many as one run may call at once, so a full fan-out does
         * not queue for a connection (HTTP/1.1 carries one call per connection at a time).
         */
        @WithDefault("128")
        int connectionsPerFunction();

        /** Finished runs (state, history, start key) are kept this long, then expire. */
        @WithDefault("P7D")
        Duration retention();

        /**
         * How long one jq expression (a step's input or {@code when}, a compensation's input, the run's output) may run
         * on the engine's loop before its step fails with kind {@code input}.
         */
        @WithDefault("PT0.1S")
        Duration expressionTime();

        /** How large an expression's result may be, in bytes of JSON (a function's request body is at most 1 MB). */
        @WithDefault("1048576")
        long expressionMaxBytes();

        /** How many times one run may be redriven (continued after it failed or was cancelled). */
        @WithDefault("3")
        int maxRedrives();
    }

    /**
     * How fast each subject (a user, or an event source) may start runs, over all replicas: a token bucket in Redis.
     * A start beyond it answers 429 with Retry-After (a CloudEvent's sender retries it later).
     */
    interface StartRate {
        /** Starts per second a subject may make on average; 0 turns the limit off. */
        @WithDefault("20")
        double perSecond();

        /** Starts a subject may make at once after being idle (the bucket's size). */
        @WithDefault("200")
        int burst();
    }

    interface Breaker {
        /** Consecutive failures that open a capability's circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an open circuit refuses calls before it lets one probe through. */
        @WithDefault("PT10S")
        Duration openFor();
    }
}
