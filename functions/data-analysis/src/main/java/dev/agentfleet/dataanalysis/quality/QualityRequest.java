package dev.agentfleet.dataanalysis.quality;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A customer-service resolution to assess against the inquiry it answers.
 *
 * @param inquiry    what the customer wrote
 * @param resolution the drafted answer
 */
@RegisterForReflection
public record QualityRequest(@NotBlank @Size(max = 10_000) String inquiry, @NotBlank @Size(max = 20_000) String resolution) {
}
