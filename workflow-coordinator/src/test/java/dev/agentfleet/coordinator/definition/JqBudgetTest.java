package dev.agentfleet.coordinator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Expressions that would run for hours, build huge values or recurse without end fail within their budget with a
 * message that says which limit they hit, and a {@code try} in the expression does not hide it; ordinary expressions
 * are untouched.
 */
class JqBudgetTest {

    private static final Jq.Budget BUDGET = new Jq.Budget(Duration.ofMillis(100), 1_000_000, 1 << 20);

    @ParameterizedTest
    @Timeout(60) // without the budget the first rows run for hours: a failure, not a hung build
    @CsvSource(delimiter = '@', textBlock = """
            last(range(1e12))                                  @ ran longer than|produced more than
            [range(1e9)]                                       @ ran longer than|produced more than
            reduce range(1e12) as $x (0; . + 1)                @ ran longer than|produced more than
            try last(range(1e12)) catch "caught"               @ ran longer than|produced more than
            def f: f; f                                        @ recursed too deeply
            def f: 1 + f; f                                    @ recursed too deeply
            def r: ., (. + 1 | r); [limit(1e9; 0 | r)]         @ recursed too deeply|ran longer than|produced more than
            """)
    void runawayExpressionsFailWithinTheirBudget(String expression, String why) throws Exception {
        long started = System.nanoTime();
        assertThatThrownBy(() -> Jq.first(Jq.compile(expression), NullNode.getInstance(), BUDGET))
                .isInstanceOf(JsonQueryException.class).hasMessageMatching("(?s).*(" + why + ").*");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to fail").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aValueLargerThanTheSizeBudgetFailsWithThatLimit() {
        // time enough that only the size can stop it, however loaded the machine (at 100 ms a busy CI hit the time first)
        Jq.Budget roomy = new Jq.Budget(Duration.ofSeconds(30), 1_000_000, 1 << 20);
        assertThatThrownBy(() -> Jq.first(Jq.compile("[range(200000)] | tostring"), NullNode.getInstance(), roomy))
                .isInstanceOf(JsonQueryException.class).hasMessageContaining("larger than 1048576 bytes");
    }

    @Test
    void ordinaryExpressionsAreUntouched() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(Jq.first(Jq.compile("{n: (.a + 1), xs: [range(5)] | map(. * 2), s: (\"ab\" | test(\"b\"))}"),
                json.readTree("{\"a\": 41}"), BUDGET)).isEqualTo(json.readTree("{\"n\": 42, \"xs\": [0, 2, 4, 6, 8], \"s\": true}"));
        assertThat(Jq.first(Jq.compile("first(range(1e12))"), NullNode.getInstance(), BUDGET).asInt()).isZero();
        assertThat(Jq.first(Jq.compile("empty"), NullNode.getInstance(), BUDGET).isNull()).isTrue();
    }
}
