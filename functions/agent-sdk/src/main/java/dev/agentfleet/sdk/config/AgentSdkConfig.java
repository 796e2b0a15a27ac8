package dev.agentfleet.sdk.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings shared by every function; keys under {@code agentfleet.sdk}. */
@ConfigMapping(prefix = "agentfleet.sdk")
public interface AgentSdkConfig {

    /** The Knative revision serving this process (Knative sets {@code K_REVISION}); tags every metric. */
    @WithDefault("${K_REVISION:local}")
    String revision();

    /** Prefix of every Redis key the SDK writes. */
    @WithDefault("agentfleet")
    String keyPrefix();

    Idempotency idempotency();

    Http http();

    interface Http {

        /**
         * How long a request's body may take to arrive, from its headers to its last byte. A body that stalls is
         * answered 408 and its connection closed, so a slow or stuck client cannot hold a connection and a worker.
         */
        @WithDefault("10s")
        Duration bodyTimeout();
    }

    interface Idempotency {

        /** Whether duplicate deliveries are answered from Redis; off only for functions with no side effects that want no Redis. */
        @WithDefault("true")
        boolean enabled();

        /** How long the first result of a delivery is kept to answer its duplicates. */
        @WithDefault("24h")
        Duration resultTtl();

        /**
         * How long a delivery may be in progress before a duplicate may run it again: a process that dies mid-call
         * must not block its event forever. Set it above the function's longest run.
         */
        @WithDefault("5m")
        Duration inFlightTtl();
    }
}
