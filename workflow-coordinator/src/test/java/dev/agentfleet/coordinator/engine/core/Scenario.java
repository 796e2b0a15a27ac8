package dev.agentfleet.coordinator.engine.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.agentfleet.coordinator.definition.CompiledWorkflow;
import dev.agentfleet.coordinator.definition.DefinitionDocuments;
import dev.agentfleet.coordinator.definition.DefinitionReader;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunTransition;
import dev.agentfleet.coordinator.run.StepState;
import dev.agentfleet.coordinator.run.StepTransition;
import dev.agentfleet.coordinator.run.Transition;

/**
 * A run driven through {@link RunCore} alone: a definition, the run's state, a clock the scenario moves by hand, and
 * every transition every scenario took (for the coverage check). No Redis, no HTTP, no threads.
 */
final class Scenario {

    /** Every move taken by any scenario of the test run. */
    static final Set<StepTransition> STEP_MOVES = EnumSet.noneOf(StepTransition.class);
    static final Set<RunTransition> RUN_MOVES = EnumSet.noneOf(RunTransition.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    final RunState state;
    long now = 1_000_000;
    int slotsFree = 1000;
    private final RunCore core;
    Decision last;

    private Scenario(CompiledWorkflow workflow, JsonNode input, boolean completions, int maxPerRun) {
        Run run = Run.start("r0-00000000-0000-0000-0000-000000000001", workflow.definition().name(), "1", workflow.hash(), input,
                now, workflow.definition().deadline() == null ? null : now + workflow.definition().deadline().toMillis(), null, "user:scenario", null,
                workflow.stepIds());
        this.state = new RunState(run, workflow);
        this.core = new RunCore(new RunCore.Settings(completions, maxPerRun, dev.agentfleet.coordinator.definition.Jq.Budget.DEFAULT), new SplittableRandom(7));
        recorded(RunCore.started(now));
    }

    /** A run of the definition (YAML after name and version), input {@code {}}, completion events on. */
    static Scenario of(String yaml) {
        return of(yaml, "{}", true, 128);
    }

    static Scenario of(String yaml, String input, boolean completions, int maxPerRun) {
        DefinitionReader.Result read = DefinitionReader.read(DefinitionDocuments.parse(("name: core-test\nversion: \"1\"\n" + yaml)
                .getBytes(StandardCharsets.UTF_8)));
        if (!read.valid()) {
            throw new IllegalArgumentException("invalid test definition: " + read.errors());
        }
        try {
            return new Scenario(CompiledWorkflow.of("sha256:test", read.definition()), JSON.readTree(input), completions, maxPerRun);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Run run() {
        return state.run();
    }

    StepState step(String id) {
        return run().step(id);
    }

    /** One round: the inputs applied, what follows decided. */
    Decision decide(Input... inputs) {
        last = core.decide(state, List.of(inputs), now, slotsFree);
        took(last.transitions());
        run().takeChanges();
        run().committed();
        return last;
    }

    Decision start() {
        return decide(new Input.Started());
    }

    Decision succeed(String step, int attempt, String outputJson) {
        try {
            return decide(new Input.CallAnswered(step, attempt, false, CallOutcome.success(JSON.readTree(outputJson), 0), 0));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Decision fail(String step, int attempt, FailureKind kind) {
        return decide(new Input.CallAnswered(step, attempt, false, CallOutcome.failure(kind, "told to fail", 503, 0), 0));
    }

    Decision compensated(String step, int attempt, boolean ok) {
        CallOutcome outcome = ok ? CallOutcome.success(JsonNodeFactory.instance.objectNode(), 0)
                : CallOutcome.failure(FailureKind.REJECTED, "cannot undo", 400, 0);
        return decide(new Input.CallAnswered(step, attempt, true, outcome, 0));
    }

    Decision timer(TimerKind kind, String step, int attempt) {
        return decide(new Input.TimerFired(kind, step, attempt));
    }

    /** The effects of the last round of one type. */
    <T extends Effect> List<T> effects(Class<T> type) {
        List<T> found = new ArrayList<>();
        last.effects().forEach(e -> {
            if (type.isInstance(e)) {
                found.add(type.cast(e));
            }
        });
        return found;
    }

    List<String> history() {
        return last.history().stream().map(e -> e.type()).toList();
    }

    private static void took(List<? extends Transition> transitions) {
        for (Transition t : transitions) {
            if (t instanceof StepTransition s) {
                STEP_MOVES.add(s);
            } else if (t instanceof RunTransition r) {
                RUN_MOVES.add(r);
            }
        }
    }

    /** Someone asks to cancel: the entry RunControl writes (run_cancel), then the input the owner gets. */
    Decision requestCancel() {
        recorded(RunCore.cancelRequested(now));
        return decide(new Input.CancelRequested());
    }

    /** A run move RunControl records itself, through the core's history entries. */
    private static void recorded(dev.agentfleet.coordinator.run.HistoryEvent event) {
        took(List.of(RunTransition.valueOf(event.type().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))));
    }
}
