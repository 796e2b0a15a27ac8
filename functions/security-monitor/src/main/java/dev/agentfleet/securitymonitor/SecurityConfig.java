package dev.agentfleet.securitymonitor;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Detection thresholds; keys under {@code agentfleet.security}. */
@ConfigMapping(prefix = "agentfleet.security")
public interface SecurityConfig {

    BruteForce bruteForce();

    CredentialStuffing credentialStuffing();

    ImpossibleTravel impossibleTravel();

    RequestRate requestRate();

    interface BruteForce {
        /** Failed logins of one user, or from one IP, within {@link #window()} that make an incident. */
        @WithDefault("5")
        int failures();

        @WithDefault("5m")
        Duration window();
    }

    interface CredentialStuffing {
        /** Distinct users with failed logins from one IP within {@link #window()} that make an incident. */
        @WithDefault("10")
        int distinctUsers();

        @WithDefault("10m")
        Duration window();
    }

    interface ImpossibleTravel {
        /** Faster than this between two successful logins of one user is impossible travel (airliner ~900 km/h). */
        @WithDefault("1000")
        double maxSpeedKmh();

        /** Logins closer than this are never flagged (geo-IP noise). */
        @WithDefault("100")
        double minDistanceKm();

        /** How long a user's last login is remembered. */
        @WithDefault("7d")
        Duration memory();
    }

    interface RequestRate {
        /** Requests from one IP within {@link #window()} that make an incident. */
        @WithDefault("300")
        int requests();

        @WithDefault("1m")
        Duration window();
    }
}
