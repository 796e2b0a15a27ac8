package dev.agentfleet.coordinator.definition;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One step of a workflow: it calls a function, waits for a signal ({@code wait}) or sleeps ({@code sleep}), exactly one.
 *
 * @param id           unique within the workflow; names its output in later jq expressions ({@code .steps.<id>.output})
 * @param function     the capability function it calls, as {@code <service>/<function>}, e.g. {@code weather/forecast}
 * @param dependsOn    steps that must finish first
 * @param join         with several dependencies: wait for all (default) or any
 * @param input        jq over {@code {input, steps}} that builds the call's input; default {@code .input}
 * @param when         optional jq condition; a false or null result skips the step
 * @param timeout      per attempt
 * @param retry        what happens when an attempt fails
 * @param compensation optional step that undoes this one when the run fails after it completed
 * @param awaiting     a step that waits for a named signal (its output is the signal's payload)
 * @param sleep        a step that waits until a time (its output is null)
 * @param fallback     optional function that answers instead when the primary's circuit is open or its retries are spent
 *                     on a retryable failure
 * @param workflow     instead of a function: start another workflow as this run's child and wait for its result
 * @param map          optional: call the function once per element of a jq-selected array (the step's {@code input} then
 *                     sees {@code .item} and {@code .index}); its output is the results in input order
 */
@RegisterForReflection
public record StepDefinition(String id, String function, List<String> dependsOn, JoinMode join, String input, String when,
        Duration timeout, RetryPolicy retry, Compensation compensation,
        // left out of the canonical form when absent, so definitions written before steps could wait keep their hashes
        @JsonInclude(JsonInclude.Include.NON_NULL) Wait awaiting, @JsonInclude(JsonInclude.Include.NON_NULL) Sleep sleep,
        @JsonInclude(JsonInclude.Include.NON_NULL) Fallback fallback,
        @JsonInclude(JsonInclude.Include.NON_NULL) MapOver map,
        @JsonInclude(JsonInclude.Include.NON_NULL) ChildWorkflow workflow) {

    /** What an attempt of a step that starts a child workflow names as its target: {@code workflow:<name>[@<version>]}. */
    public static final String WORKFLOW_TARGET = "workflow:";

    /**
     * A sub-workflow: each attempt starts a run of it (the step's input is its input) as this run's child, under the
     * idempotency key {@code <run>/<step>/<attempt>}, and the step answers with the child's output, or fails with its
     * error. Cancelling the parent cancels the child.
     *
     * @param name    the workflow
     * @param version its version; null for the latest when the step starts
     */
    @RegisterForReflection
    public record ChildWorkflow(String name, String version) {

        /** How deep runs may nest: a run's child is at depth 1, its grandchild at 2. */
        public static final int MAX_DEPTH = 5;
    }

    /** What an attempt calls: the function, or {@code workflow:<name>[@<version>]} for a sub-workflow. */
    public String target() {
        return function != null ? function : WORKFLOW_TARGET + workflow.name() + (workflow.version() == null ? "" : "@" + workflow.version());
    }

    /**
     * One call per element of an array. Each item runs as the step would (its input, timeout and retry policy) under
     * its own delivery keys ({@code <run>/<step>/<index>/<attempt>}); the step succeeds when every item has settled with
     * no more failures than tolerated (then a failed item's result is null), and fails as soon as more have failed.
     *
     * @param items                   jq over {@code {input, steps}} selecting the array (at most {@link #MAX_ITEMS})
     * @param maxConcurrency          at most this many items in flight at once
     * @param toleratedFailures       how many items may fail
     * @param toleratedFailurePercent what share of the items may fail (0-100); the larger of the two counts
     */
    @RegisterForReflection
    public record MapOver(String items, int maxConcurrency, int toleratedFailures, double toleratedFailurePercent) {

        public static final int MAX_ITEMS = 10_000;
        public static final int DEFAULT_CONCURRENCY = 10;
        public static final int MAX_CONCURRENCY = 1_000;

        /** How many of {@code total} items may fail before the step fails. */
        public int tolerated(int total) {
            return Math.max(toleratedFailures, (int) Math.floor(total * toleratedFailurePercent / 100.0));
        }
    }

    /**
     * What answers when the primary function cannot: its circuit is open, or its attempts are spent on a retryable
     * failure (timeout, unavailable, server error, rate limited). Used once per step; its attempts follow the step's
     * retry policy afresh, under the step's next attempt numbers.
     *
     * @param function the function, as {@code <service>/<function>}
     * @param input    jq over {@code {input, steps}}; default the step's own input
     */
    @RegisterForReflection
    public record Fallback(String function, String input) {
    }

    /**
     * Waiting for a signal: {@code POST /workflows/runs/{id}/signals/{signal}} or a {@code dev.agentfleet.workflow.signal}
     * event. A signal sent before the step is reached is kept and taken when it is.
     *
     * @param signal    the signal's name, unique within the workflow
     * @param schema    JSON Schema (2020-12) the payload must satisfy, or null for any payload
     * @param timeout   how long the step waits once reached
     * @param orElse    null: the step fails when no signal came in time (kind {@code timeout}); else the step succeeds
     *                  with this payload (its output)
     * @param roles     who may send it besides {@code workflow-admin}; empty means {@code workflow-signal}
     */
    @RegisterForReflection
    public record Wait(String signal, JsonNode schema, Duration timeout, JsonNode orElse, List<String> roles) {

        /** A stored definition reads an absent schema or default back as JSON null: both mean none. */
        public Wait {
            schema = schema == null || schema.isNull() ? null : schema;
            orElse = orElse == null || orElse.isNull() ? null : orElse;
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /**
     * Sleeping: for {@code duration} from when the step is reached, or {@code until} a time a jq expression gives (epoch
     * milliseconds or an ISO-8601 instant; a time already past wakes it at once).
     */
    @RegisterForReflection
    public record Sleep(Duration duration, String until) {
    }

    /** Whether the step calls a function or starts a sub-workflow (rather than waiting or sleeping). */
    public boolean callsFunction() {
        return function != null || workflow != null;
    }

    /**
     * The undo of a completed step.
     *
     * @param function the function that undoes it
     * @param input    jq over {@code {input, steps}}, where {@code .steps.<id>.output} is the completed step's output
     */
    @RegisterForReflection
    public record Compensation(String function, String input) {
    }
}
