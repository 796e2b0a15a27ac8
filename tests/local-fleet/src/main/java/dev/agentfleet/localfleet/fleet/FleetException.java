package dev.agentfleet.localfleet.fleet;

/** A failure the launcher explains to the user and exits on, with the exit code the README documents. */
public class FleetException extends RuntimeException {

    /** Exit code: something the user can fix (a port taken, nothing built). */
    public static final int USAGE = 2;
    /** Exit code: a component failed to start or answer. */
    public static final int FAILED = 1;

    private final int exitCode;

    public FleetException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
