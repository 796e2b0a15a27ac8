package dev.agentfleet.coordinator.run;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A step's durable state: one field of the run's Redis hash ({@code step:<id>}, JSON). Times are epoch milliseconds.
 * Mutable, and only ever touched on the engine's event loop.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public final class StepState {

    /** Changed only by {@link Run#move(String, StepEvent)}, through {@link StepTransition}'s table. */
    StepStatus status = StepStatus.PENDING;
    /** Attempts started so far; the current one's number while RUNNING. */
    public int attempt;
    public Long startedAt;
    public Long attemptStartedAt;
    public Long finishedAt;
    /** When the next attempt starts (WAITING_RETRY). */
    public Long retryAt;
    /** When a WAITING step times out, or a SLEEPING one wakes. */
    public Long wakeAt;
    /** Who sent the signal a {@code wait} step went on with (its id in {@code signalId}). */
    public String signalledBy;
    public String signalId;
    public JsonNode output;
    /** The last attempt's failure. */
    public Failure error;
    /**
     * Attempts (and compensation attempts) made before the current series began (a redrive): attempt numbers go on
     * from there, so each has a new delivery key, while the retry policy counts from it. Null for none.
     */
    public Integer attemptBase;
    public Integer compensationBase;
    /** Whether its attempts now call the fallback function, and why it fell back. Null: the primary. */
    public Boolean onFallback;
    public String fellBackBecause;
    /** A sub-workflow step's (or item's) child run of the current attempt, once started. */
    public String child;
    /** A map step that started: how many items it has (they live in the run's items hash, {@link MapItems}). */
    public Integer items;
    /** A map step's items that succeeded and that failed so far. */
    public Integer itemsSucceeded;
    public Integer itemsFailed;
    /** Order of completion within the run; compensation runs in reverse of it. */
    public Integer completedSeq;
    public int compensationAttempt;
    public Long compensationRetryAt;
    public Failure compensationError;

    public StepStatus status() {
        return status;
    }

    public boolean onFallback() {
        return Boolean.TRUE.equals(onFallback);
    }
}
