package dev.agentfleet.coordinator.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What people and senders asked of a run, as its hash holds it: written by the request scripts ({@code run_cancel},
 * {@code run_control}, {@code run_signal}) on whichever replica took the request, read by the run's owner when the
 * partition's control list names the run, and again whenever the run is read back (a request whose note was lost with
 * a replica is not lost). Never written by the owner's commits.
 *
 * @param cancelRequestedAt when a cancellation was asked for, or null
 * @param pauseRequested    whether the run should be paused (a resume clears it)
 * @param pauseRequestedBy  who asked for the pause or the resume, for the history
 * @param signals           signals received, by name, not yet necessarily taken by their step
 * @param redrivesRequested how many redrives were asked for (the run's {@code redrives} says how many were carried out)
 * @param redriveRequestedBy who asked for the last one
 */
public record Controls(Long cancelRequestedAt, boolean pauseRequested, String pauseRequestedBy, Map<String, Signal> signals,
        int redrivesRequested, String redriveRequestedBy) {

    public static final String SIGNAL_PREFIX = "signal:";
    public static final Controls NONE = new Controls(null, false, null, Map.of(), 0, null);

    public Controls(Long cancelRequestedAt, boolean pauseRequested, String pauseRequestedBy, Map<String, Signal> signals) {
        this(cancelRequestedAt, pauseRequested, pauseRequestedBy, signals, 0, null);
    }

    public static Controls fromHash(Map<String, String> hash) {
        Map<String, Signal> signals = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(SIGNAL_PREFIX)) {
                signals.put(field.substring(SIGNAL_PREFIX.length()), Run.read(value, Signal.class));
            }
        });
        String cancel = hash.get("cancelRequestedAt");
        return new Controls(cancel == null || cancel.isEmpty() ? null : Long.valueOf(cancel), "1".equals(hash.get("pauseRequested")),
                hash.get("pauseRequestedBy"), Map.copyOf(signals), Integer.parseInt(hash.getOrDefault("redrivesRequested", "0")),
                hash.get("redriveRequestedBy"));
    }

    public Signal signal(String name) {
        return signals.get(name);
    }
}
