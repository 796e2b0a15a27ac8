package dev.agentfleet.coordinator.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A signal kept for a run (field {@code signal:<name>} of its hash, JSON) until its {@code wait} step takes it. One per
 * name: the same id again is a repeat, another id a conflict.
 *
 * @param id      the sender's id for it, what makes sending idempotent
 * @param payload what the {@code wait} step outputs (checked against the step's schema when it was sent)
 * @param by      who sent it ({@code user:<name>} or {@code event:<source>})
 * @param at      when it was received, epoch ms
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Signal(String id, JsonNode payload, String by, long at) {

    /** The hash field a signal named {@code name} is kept in. */
    public static String field(String name) {
        return Controls.SIGNAL_PREFIX + name;
    }
}
