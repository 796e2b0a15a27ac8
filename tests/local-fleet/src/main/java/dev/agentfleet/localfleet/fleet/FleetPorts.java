package dev.agentfleet.localfleet.fleet;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.agentfleet.testing.process.FreePorts;

/**
 * The ports one {@code ./fleet up} hands out. Free ports are chosen only once Redis listens: chosen earlier, a port
 * released for a moment could be handed to a Redis node (a CI run lost the stub that way). None is handed out twice,
 * since a process may not have bound its port yet when the next one is chosen.
 */
final class FleetPorts {

    private final Set<Integer> handedOut = new HashSet<>();

    FleetPorts(Collection<Integer> taken) {
        handedOut.addAll(taken);
    }

    /** Refuses to start when a port the user chose (--port-base, --redis-port) is taken. */
    static void checkFixed(List<Component> components, LocalFleet.Options options) {
        Map<Component, Integer> fixed = new LinkedHashMap<>();
        int next = options.portBase();
        for (Component c : components) {
            if (c.kind() == Component.Kind.REDIS) {
                fixed.put(c, options.redis() == LocalFleet.RedisMode.CLUSTER ? 0 : options.redisPort());
            } else if (c.kind() != Component.Kind.STUB && next != 0) {
                fixed.put(c, next++);
            }
        }
        fixed.forEach((c, port) -> {
            if (port != 0 && FreePorts.isTaken(port)) {
                throw new FleetException("port " + port + " (for " + c.name() + ") is already in use: stop what listens there, "
                        + "or choose other ports (--port-base, --redis-port), or run ./fleet down if an earlier fleet is still up.",
                        FleetException.USAGE);
            }
        });
    }

    /** The stub's and the applications' ports (every component after Redis): from {@code portBase} when given, else free ones. */
    Map<Component, Integer> assign(List<Component> components, int portBase) {
        Map<Component, Integer> ports = new LinkedHashMap<>();
        int next = portBase;
        for (Component c : components.subList(1, components.size())) {
            int port = c.kind() == Component.Kind.STUB || next == 0 ? free() : next++;
            handedOut.add(port);
            ports.put(c, port);
        }
        return ports;
    }

    /** A free loopback port not handed out before. */
    int free() {
        while (true) {
            int port = FreePorts.find();
            if (handedOut.add(port)) {
                return port;
            }
        }
    }
}
