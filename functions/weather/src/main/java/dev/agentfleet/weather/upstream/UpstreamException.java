package dev.agentfleet.weather.upstream;

/** An upstream call failed in a way worth retrying (timeout, 5xx, unreadable answer). */
public class UpstreamException extends RuntimeException {

    private final String upstream;

    public UpstreamException(String upstream, String message, Throwable cause) {
        super(upstream + ": " + message, cause);
        this.upstream = upstream;
    }

    /** {@code geocoding} or {@code forecast}. */
    public String upstream() {
        return upstream;
    }
}
