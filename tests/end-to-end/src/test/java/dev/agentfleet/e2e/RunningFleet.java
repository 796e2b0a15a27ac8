package dev.agentfleet.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.agentfleet.localfleet.auth.FleetSenders;
import dev.agentfleet.localfleet.fleet.Component;
import dev.agentfleet.localfleet.fleet.FleetState;
import dev.agentfleet.localfleet.fleet.LocalFleet;

/**
 * One local fleet (Redis, the Open-Meteo stand-in, every function, the coordinator; each its own process) shared by
 * every test class of this module, started on first use and stopped when the test JVM exits.
 */
final class RunningFleet {

    private static List<FleetState.Entry> entries;
    private static String senderAuthorization;

    private RunningFleet() {
    }

    static synchronized List<FleetState.Entry> get() {
        if (entries == null) {
            Path root = Path.of(System.getProperty("agentfleet.root", "../..")).toAbsolutePath().normalize();
            Path stateDir = Path.of("target", "fleet").toAbsolutePath();
            LocalFleet local = new LocalFleet(new LocalFleet.Options(root, stateDir, 0, 0, LocalFleet.RedisMode.STANDALONE, Duration.ofSeconds(120)));
            List<Component> components = local.discover();
            List<String> names = components.stream().map(Component::name).toList();
            for (String expected : List.of("weather", "planning", "customer-service", "data-analysis", "security-monitor",
                    "workflow-coordinator")) {
                if (!names.contains(expected)) {
                    throw new IllegalStateException(expected + " is not built (found " + names + ")");
                }
            }
            List<FleetState.Entry> started = local.up(components, new PrintStream(System.out, true), new FleetState(stateDir));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> LocalFleet.stop(started)));
            entries = started;
        }
        return entries;
    }

    /** The {@code Authorization} header a direct call to a function (or the coordinator's event entry) carries. */
    static synchronized String senderAuthorization() {
        if (senderAuthorization == null) {
            get();
            senderAuthorization = FleetSenders.authorization(Path.of("target", "fleet").toAbsolutePath());
        }
        return senderAuthorization;
    }

    static FleetState.Entry component(String name) {
        return get().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no component " + name));
    }
}
