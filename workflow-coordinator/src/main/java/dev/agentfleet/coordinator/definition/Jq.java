package dev.agentfleet.coordinator.definition;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** jq (1.6 dialect) through jackson-jq: compiling at registration, evaluating at run time. */
public final class Jq {

    private static final Scope ROOT = Scope.newEmptyScope();

    static {
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, ROOT);
    }

    private Jq() {
    }

    /** Compiles an expression; throws with jackson-jq's message when it is not valid jq. */
    public static JsonQuery compile(String expression) throws JsonQueryException {
        return JsonQuery.compile(expression, Versions.JQ_1_6);
    }

    /**
     * The first result of {@code query} over {@code input}, or JSON null when it yields nothing. A recursion that
     * exhausts the stack ({@code def f: 1 + f; f}) is the expression's failure like any other jq error.
     */
    public static JsonNode first(JsonQuery query, JsonNode input) throws JsonQueryException {
        List<JsonNode> out = new ArrayList<>(1);
        try {
            query.apply(Scope.newChildScope(ROOT), input, out::add);
        } catch (StackOverflowError e) {
            throw new JsonQueryException("the expression recursed too deeply");
        }
        return out.isEmpty() ? NullNode.getInstance() : out.get(0);
    }
}
