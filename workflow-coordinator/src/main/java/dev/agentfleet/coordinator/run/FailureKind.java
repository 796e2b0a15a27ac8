package dev.agentfleet.coordinator.run;

import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an attempt, a step or a run failed: one list for the engine, the invoker and the retry policy, written by its wire
 * name (in the run's state, its history, the API and definitions' {@code retryOn}).
 */
public enum FailureKind {
    /** No answer within the attempt's timeout (or the connection timed out). */
    TIMEOUT("timeout", true),
    /** Connection refused or reset, 502/503/504, or the function's circuit is open. */
    UNAVAILABLE("unavailable", true),
    /** Another 5xx, or a 2xx whose body is not JSON. */
    SERVER_ERROR("server-error", true),
    /** 429. */
    RATE_LIMITED("rate-limited", true),
    /** A 4xx: the function refused the input. Never retried. */
    REJECTED("rejected", false),
    /** 409 + Retry-After: an earlier delivery of the same attempt is still running; delivered again, not retried. */
    IN_FLIGHT("in-flight", false),
    /** A step's input or {@code when} expression failed at run time (a jq error). */
    INPUT("input", false),
    /** Why a step was skipped (its condition was false, or no {@code any} dependency succeeded). */
    SKIPPED("skipped", false),
    /** A run's failure: one of its steps failed. */
    STEP_FAILED("step-failed", false),
    /** A run's failure: it did not finish within its deadline. */
    DEADLINE("deadline", false),
    /** A run's end: cancelled on request. */
    CANCELLED("cancelled", false),
    /** A run's failure: its output expression failed. */
    OUTPUT("output", false),
    /** A run's failure: the coordinator could not decide what follows (a bug, or state it cannot follow). */
    INTERNAL("internal", false);

    /** The kinds a retry policy may retry, ordered by wire name (definitions serialise, and hash, the same way). */
    public static final Set<FailureKind> RETRYABLE = sorted(Arrays.stream(values()).filter(FailureKind::retryable).toList());

    private final String wire;
    private final boolean retryable;

    FailureKind(String wire, boolean retryable) {
        this.wire = wire;
        this.retryable = retryable;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** Whether a retry policy may list it in {@code retryOn}. */
    public boolean retryable() {
        return retryable;
    }

    @JsonCreator
    public static FailureKind ofWire(String wire) {
        for (FailureKind kind : values()) {
            if (kind.wire.equals(wire)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a failure kind: '" + wire + "'");
    }

    /** An unmodifiable set ordered by wire name. */
    public static SortedSet<FailureKind> sorted(java.util.Collection<FailureKind> kinds) {
        TreeSet<FailureKind> set = new TreeSet<>(Comparator.comparing(FailureKind::wire));
        set.addAll(kinds);
        return Collections.unmodifiableSortedSet(set);
    }

    @Override
    public String toString() {
        return wire;
    }
}
