package dev.agentfleet.weather.upstream;

/** The upstream refused the request itself (4xx): retrying would not help, the caller's input is the problem. */
public class UpstreamRejection extends RuntimeException {

    public UpstreamRejection(String upstream, String reason) {
        super(upstream + " rejected the request: " + reason);
    }
}
