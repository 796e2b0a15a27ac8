package dev.agentfleet.coordinator.run;

/** A move the state machine's table does not have: a bug in whatever asked for it, never a user's mistake. */
public class IllegalTransitionException extends IllegalStateException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
