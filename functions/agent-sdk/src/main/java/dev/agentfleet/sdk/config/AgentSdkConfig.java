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

    Redis redis();

    Senders senders();

    /**
     * Who may invoke this process' functions and event entry points: senders that present an OIDC token (Kubernetes
     * ServiceAccount tokens, as Knative Eventing's {@code authentication-oidc} feature and the coordinator send them),
     * signed by {@link #issuer()}'s keys, for {@link #audience()}, whose subject is one of {@link #subjects()}.
     * Off by default for local runs; the Knative manifests turn it on. See ADR 0007.
     */
    interface Senders {

        /** Whether calls must carry a sender token; when on, issuer, audience, subjects and a key source are required. */
        @WithDefault("false")
        boolean verify();

        /** The token issuer ({@code iss}): the cluster's ServiceAccount issuer. */
        java.util.Optional<String> issuer();

        /** The audience ({@code aud}) the sender asked its token for. */
        java.util.Optional<String> audience();

        /** Where the issuer's signing keys are published (a JWKS document), fetched again every {@link #keysRefresh()}. */
        java.util.Optional<java.net.URI> jwksUrl();

        /** Or a PEM public key file (local fleets sign their own sender tokens). */
        java.util.Optional<java.nio.file.Path> publicKey();

        /**
         * The subjects ({@code sub}) allowed, exactly or with {@code *} standing for any run of characters, e.g.
         * {@code system:serviceaccount:agentfleet:*-oidc-eventing.knative.dev-trigger}.
         */
        java.util.Optional<java.util.List<String>> subjects();

        /** How often the JWKS is fetched again; a token signed by a key not yet known also fetches it (at most every 30 s). */
        @WithDefault("5m")
        Duration keysRefresh();

        /** The oldest token accepted ({@code iat}); Kubernetes' projected tokens are replaced well before an hour. */
        @WithDefault("2h")
        Duration maxAge();
    }

    /** How this process authenticates to Redis beyond what {@code quarkus.redis.*} says. */
    interface Redis {

        Auth auth();

        /**
         * Where the AUTH password of each new Redis connection comes from. A token that expires (Memorystore's IAM
         * tokens last an hour) is fetched again before it does; connections already authenticated keep working.
         */
        interface Auth {

            /**
             * {@code none}: no password, or the static {@code quarkus.redis.password}; {@code file}: the content of
             * {@link #file()}, read again every {@link #refresh()} (a mounted Secret the platform rotates);
             * {@code google}: an OAuth2 access token of the workload's service account (Memorystore IAM auth).
             */
            @WithDefault("none")
            Source source();

            /** For {@code file}: the file holding the current password (its content, trimmed). */
            java.util.Optional<java.nio.file.Path> file();

            /** How often the password is fetched again; a Google token is also fetched when it has less than this left. */
            @WithDefault("5m")
            Duration refresh();
        }

        enum Source { NONE, FILE, GOOGLE }
    }

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
