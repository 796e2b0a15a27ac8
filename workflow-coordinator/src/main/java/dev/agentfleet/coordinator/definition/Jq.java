package dev.agentfleet.coordinator.definition;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.path.Path;

/**
 * jq (1.6 dialect) through jackson-jq: compiling at registration, evaluating at run time within a {@link Budget}.
 *
 * <p>An expression comes from a definition, and the engine evaluates it on its event loop, so one that would run for
 * hours ({@code last(range(1e12))}), build a huge value ({@code [range(1e9)]}) or recurse without end ({@code def f: f;
 * f}) must fail its step instead of stalling every run of the replica. jackson-jq has no limits of its own, so every
 * builtin function is wrapped once, here, by a meter that counts its calls and the values it emits and checks the time:
 * generators are builtins, so a loop that makes no call and emits nothing cannot run long. The meter's failure is not
 * a jq error, so a {@code try} in the expression cannot swallow it; it becomes the step's input failure. A result
 * bigger than the budget allows, a recursion that exhausts the stack and an allocation that exhausts the heap fail the
 * same way.
 */
public final class Jq {

    /** What one evaluation may use: wall time, values emitted by builtins (a proxy for memory), the result's size. */
    public record Budget(Duration time, long emits, long resultBytes) {

        /** 100 ms, a million values, 1 MiB: a step's input, like a function's request body, stays under 1 MB. */
        public static final Budget DEFAULT = new Budget(Duration.ofMillis(100), 1_000_000, 1 << 20);

        public Budget {
            if (time.isNegative() || time.isZero() || emits < 1 || resultBytes < 1) {
                throw new IllegalArgumentException("a jq budget must be positive");
            }
        }
    }

    private static final Scope ROOT = Scope.newEmptyScope();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ThreadLocal<Meter> METER = new ThreadLocal<>();

    static {
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, ROOT);
        for (Map.Entry<String, Function> builtin : Map.copyOf(ROOT.getLocalFunctions()).entrySet()) {
            ROOT.addFunction(builtin.getKey(), new Metered(builtin.getValue()));
        }
    }

    private Jq() {
    }

    /** Compiles an expression; throws with jackson-jq's message when it is not valid jq. */
    public static JsonQuery compile(String expression) throws JsonQueryException {
        return JsonQuery.compile(expression, Versions.JQ_1_6);
    }

    /** {@link #first(JsonQuery, JsonNode, Budget)} within the default budget. */
    public static JsonNode first(JsonQuery query, JsonNode input) throws JsonQueryException {
        return first(query, input, Budget.DEFAULT);
    }

    /**
     * The first result of {@code query} over {@code input}, or JSON null when it yields nothing. The expression runs to
     * its end (as jq does), within {@code budget}: past it, or on a recursion that exhausts the stack or an
     * allocation that exhausts the heap, it fails with a {@link JsonQueryException} saying which.
     */
    public static JsonNode first(JsonQuery query, JsonNode input, Budget budget) throws JsonQueryException {
        Meter meter = new Meter(budget);
        Meter outer = METER.get();
        METER.set(meter);
        JsonNode[] first = { null };
        try {
            query.apply(Scope.newChildScope(ROOT), input, out -> {
                meter.emitted();
                if (first[0] == null) {
                    first[0] = out;
                }
            });
        } catch (OverBudget e) {
            throw new JsonQueryException(e.getMessage());
        } catch (StackOverflowError e) {
            throw new JsonQueryException("the expression recursed too deeply");
        } catch (OutOfMemoryError e) {
            throw new JsonQueryException("the expression needed more memory than the coordinator has");
        } finally {
            METER.set(outer);
        }
        JsonNode result = first[0] == null ? NullNode.getInstance() : first[0];
        checkSize(result, budget.resultBytes());
        return result;
    }

    private static void checkSize(JsonNode result, long limit) throws JsonQueryException {
        try {
            MAPPER.writeValue(new OutputStream() {
                private long written;

                @Override
                public void write(int b) {
                    add(1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    add(len);
                }

                private void add(long n) {
                    written += n;
                    if (written > limit) {
                        throw new OverBudget("the expression's result is larger than " + limit + " bytes");
                    }
                }
            }, result);
        } catch (OverBudget e) {
            throw new JsonQueryException(e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof OverBudget over) { // Jackson wraps what the stream throws
                throw new JsonQueryException(over.getMessage());
            }
            throw new JsonQueryException("the expression's result cannot be written as JSON: " + e.getMessage());
        }
    }

    /** One evaluation's use so far. */
    private static final class Meter {
        private final Budget budget;
        private final long deadline;
        private long calls;
        private long emits;

        Meter(Budget budget) {
            this.budget = budget;
            this.deadline = System.nanoTime() + budget.time().toNanos();
        }

        void called() {
            if ((++calls & 0xff) == 0) {
                checkTime();
            }
        }

        void emitted() {
            if (++emits > budget.emits()) {
                throw new OverBudget("the expression produced more than " + budget.emits() + " values");
            }
            if ((emits & 0xff) == 0) {
                checkTime();
            }
        }

        private void checkTime() {
            if (System.nanoTime() - deadline > 0) {
                throw new OverBudget("the expression ran longer than its budget of " + budget.time().toMillis() + " ms");
            }
        }
    }

    /** Not a jq error, so no {@code try} in the expression catches it. */
    private static final class OverBudget extends RuntimeException {
        OverBudget(String message) {
            super(message, null, false, false);
        }
    }

    /** A builtin that tells the current evaluation's meter of every call and every value it emits. */
    private record Metered(Function builtin) implements Function {
        @Override
        public void apply(Scope scope, List<Expression> args, JsonNode in, Path path, PathOutput output, Version version)
                throws JsonQueryException {
            Meter meter = METER.get();
            if (meter == null) {
                builtin.apply(scope, args, in, path, output, version);
                return;
            }
            meter.called();
            builtin.apply(scope, args, in, path, (out, outPath) -> {
                meter.emitted();
                output.emit(out, outPath);
            }, version);
        }
    }
}
