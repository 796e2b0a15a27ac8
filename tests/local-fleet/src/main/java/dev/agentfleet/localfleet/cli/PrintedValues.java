package dev.agentfleet.localfleet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.auth.FleetSenders;
import dev.agentfleet.localfleet.fleet.FleetException;
import dev.agentfleet.localfleet.fleet.FleetState;
import dev.agentfleet.localfleet.fleet.LocalFleet;

/**
 * {@code ./fleet token | sender-token | dev-options}: values printed for other commands to use
 * ({@code curl -H "Authorization: Bearer $(./fleet token)"}, {@code ./mvnw quarkus:dev ... $(./fleet dev-options weather)}).
 */
final class PrintedValues {

    private final PrintStream out;
    private final Path state;

    PrintedValues(PrintStream out, Path root) {
        this.out = out;
        this.state = root.resolve(".fleet");
    }

    /** {@code token [role ...]}: a development bearer token for the coordinator's API (12 h; every role unless named). */
    int token(List<String> roles) {
        for (String role : roles) {
            if (!DevTokens.ALL_ROLES.contains(role)) {
                throw new FleetException("unknown role '" + role + "'; roles are " + DevTokens.ALL_ROLES, FleetException.USAGE);
            }
        }
        String[] chosen = (roles.isEmpty() ? DevTokens.ALL_ROLES : roles).toArray(String[]::new);
        out.println(DevTokens.token(System.getProperty("user.name", "developer"), Duration.ofHours(12), chosen));
        return 0;
    }

    /** The fleet's sender token, for calling a function directly (curl -H "Authorization: $(./fleet sender-token)"). */
    int senderToken() {
        if (new FleetState(state).read().isEmpty()) {
            throw new FleetException("the fleet is not running: ./fleet up makes its sender token", FleetException.USAGE);
        }
        out.println(FleetSenders.authorization(state));
        return 0;
    }

    /** {@code dev-options <component>}: what {@code up} started it with, for {@code quarkus:dev} beside the fleet. */
    int devOptions(List<String> args) {
        Path file = args.size() == 1 ? LocalFleet.devOptions(state, args.get(0)) : null;
        if (file == null || !Files.exists(file) || new FleetState(state).read().isEmpty()) {
            throw new FleetException("usage: ./fleet dev-options <component> (a component of the running fleet: ./fleet status)",
                    FleetException.USAGE);
        }
        try {
            out.println(String.join(" ", Files.readAllLines(file)));
        } catch (IOException e) {
            throw new FleetException("cannot read " + file + ": " + e.getMessage(), FleetException.FAILED);
        }
        return 0;
    }
}
