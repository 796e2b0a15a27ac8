package dev.agentfleet.sdk;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.agentfleet.sdk.invocation.AgentFunction;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.quarkus.funqy.Funq;

/** Functions that exist only to exercise the SDK: they count their real runs so tests can tell replays apart. */
public class GreetFunction {

    public static final AtomicInteger RUNS = new AtomicInteger();

    public record Greeting(@NotBlank String name, @Min(1) @Max(5) int times, @Size(max = 3) List<@NotNull Integer> lucky) {
    }

    public record Greeted(String message, int run) {
    }

    public record Order(@NotBlank String item) {
    }

    @Funq
    @AgentFunction
    public Greeted greet(@Valid @NotNull Greeting greeting) {
        return new Greeted(("Hello " + greeting.name() + "! ").repeat(greeting.times()).trim(), RUNS.incrementAndGet());
    }

    /** Takes no input: callable with an empty body, or none. */
    @Funq("count-runs")
    @AgentFunction(idempotent = false)
    public int countRuns() {
        return RUNS.get();
    }

    /** Fails for item "broken" with an upstream problem, and for "bug" like a programming error would. */
    @Funq("place-order")
    @AgentFunction
    public Greeted placeOrder(@Valid @NotNull Order order) {
        int run = RUNS.incrementAndGet();
        if (order.item().equals("broken")) {
            throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE, "the warehouse API did not answer");
        }
        if (order.item().equals("json-bug")) {
            // The function's own JSON handling failing is a fault of the function, not of the caller's input.
            throw new java.io.UncheckedIOException(new com.fasterxml.jackson.core.JsonParseException(null, "stored order is corrupt"));
        }
        if (order.item().equals("bug")) {
            throw new IllegalStateException("internal detail xyz-123 must not reach the client");
        }
        return new Greeted("ordered " + order.item(), run);
    }
}
