package dev.agentfleet.coordinator.invoke;

import java.util.Optional;

import dev.agentfleet.coordinator.run.Transition;

/**
 * The circuit breaker's moves ({@code circuit_breaker.lua} decides them; this names them for the transition metric and
 * the log): closed, open, half-open.
 */
public enum CircuitTransition implements Transition {
    CIRCUIT_OPENED("closed", "open"),
    CIRCUIT_HALF_OPENED("open", "half-open"),
    CIRCUIT_CLOSED("half-open", "closed"),
    CIRCUIT_REOPENED("half-open", "open");

    private final String from;
    private final String to;
    private final String tag;

    CircuitTransition(String from, String to) {
        this.from = from;
        this.to = to;
        this.tag = Transition.tagOf(this);
    }

    public String from() {
        return from;
    }

    public String to() {
        return to;
    }

    @Override
    public String tag() {
        return tag;
    }

    /** The move between two breaker states, if there is one. */
    public static Optional<CircuitTransition> between(String from, String to) {
        for (CircuitTransition t : values()) {
            if (t.from.equals(from) && t.to.equals(to)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
