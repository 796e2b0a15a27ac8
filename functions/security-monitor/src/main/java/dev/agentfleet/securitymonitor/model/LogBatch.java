package dev.agentfleet.securitymonitor.model;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A batch of log events to analyse, 1 to 10,000 of them, in any order. */
@RegisterForReflection
public record LogBatch(@NotNull @Size(min = 1, max = 10_000) List<@Valid @NotNull LogEvent> events) {
}
