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
import dev.agentfleet.coordinator.run.Controls;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunEvent;
import dev.agentfleet.coordinator.run.Signal;
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
    /** The test classes whose scenarios together take every move, and how many of their tests ran. */
    private static final List<Class<?>> SUITES = List.of(RunCoreTest.class, SteeringCoreTest.class, RedriveCoreTest.class,
            FallbackCoreTest.class);
    private static final java.util.Map<Class<?>, Integer> RAN = new java.util.HashMap<>();

    static synchronized void ran(Class<?> suite) {
        RAN.merge(suite, 1, Integer::sum);
    }

    /** When every scenario of every suite ran (not when one is run alone), together they took every move of both tables. */
    static synchronized void assertEveryMoveTaken() {
        for (Class<?> suite : SUITES) {
            long tests = java.util.Arrays.stream(suite.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class))
                    .count();
            if (RAN.getOrDefault(suite, 0) < tests) {
                return;
            }
        }
        Set<StepTransition> steps = EnumSet.allOf(StepTransition.class);
        steps.removeAll(STEP_MOVES);
        Set<RunTransition> runs = EnumSet.allOf(RunTransition.class);
        runs.removeAll(RUN_MOVES);
        org.assertj.core.api.Assertions.assertThat(steps).as("step moves no scenario took").isEmpty();
        org.assertj.core.api.Assertions.assertThat(runs).as("run moves no scenario took").isEmpty();
    }

    RunState state;
    /** What the commits wrote: the run's hash and its items hash, as one map (the shape runs_load reads back). */
    final java.util.Map<String, String> stored = new java.util.LinkedHashMap<>();
    long now = 1_000_000;
    int slotsFree = 1000;
    private final RunCore core;
    Decision last;

    private Scenario(CompiledWorkflow workflow, JsonNode input, boolean completions, int maxPerRun) {
        Run run = Run.start("r0-00000000-0000-0000-0000-000000000001", workflow.definition().name(), "1", workflow.hash(), input,
                now, workflow.definition().deadline() == null ? null : now + workflow.definition().deadline().toMillis(), null, "user:scenario", null,
                workflow.stepIds());
        this.state = new RunState(run, workflow);
        stored.putAll(run.fields());
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
        stored.putAll(run().takeChanges());
        run().committed();
        return last;
    }

    /** Another replica takes the run over: it reads back what was committed and resumes it. */
    Decision reload() {
        state = new RunState(Run.fromHash(stored), state.workflow());
        return decide(new Input.TakenOver());
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

    /** Someone asks to cancel: the entry RunControl writes (run_request), then the input the owner gets. */
    Decision requestCancel() {
        Controls asked = run().controls();
        return request(RunEvent.REQUEST_CANCEL, new Controls(now, asked.pauseRequested(), asked.pauseRequestedBy(), asked.signals()));
    }

    /** Someone asks to pause ({@code true}) or resume the run. */
    Decision requestPause(boolean pause, String by) {
        Controls asked = run().controls();
        return request(pause ? RunEvent.REQUEST_PAUSE : RunEvent.REQUEST_RESUME, new Controls(asked.cancelRequestedAt(), pause, by,
                asked.signals()));
    }

    /** A signal arrives for the run (run_signal keeps it in the hash), then the input the owner gets. */
    Decision signal(String name, String id, String payloadJson, String by) {
        Controls asked = run().controls();
        java.util.Map<String, Signal> signals = new java.util.HashMap<>(asked.signals());
        try {
            signals.put(name, new Signal(id, JSON.readTree(payloadJson), by, now));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
        return request(RunEvent.RECEIVE_SIGNAL, new Controls(asked.cancelRequestedAt(), asked.pauseRequested(), asked.pauseRequestedBy(),
                signals));
    }

    /** The entry the request script writes for the run's status (the table's move), then the owner reads the hash again. */
    private Decision request(RunEvent request, Controls latest) {
        recordRequest(request);
        return decide(new Input.ControlsChanged(latest));
    }

    /** An admin asks to redrive the run (run_redrive counts it in the hash), then the owner reads the hash again. */
    Decision requestRedrive(String by) {
        Controls asked = run().controls();
        recordRequest(RunEvent.REQUEST_REDRIVE);
        return decide(new Input.ControlsChanged(new Controls(null, false, null, asked.signals(), asked.redrivesRequested() + 1, by)));
    }

    /** Only the entry a request script writes, the owner not told yet. */
    void recordRequest(RunEvent request) {
        dev.agentfleet.coordinator.run.HistoryEvent entry = RunCore.requested(now, run().status(), request, "user:scenario");
        if (entry != null) {
            recorded(entry);
        }
    }

    /** A run move RunControl records itself, through the core's history entries. */
    private static void recorded(dev.agentfleet.coordinator.run.HistoryEvent event) {
        took(List.of(RunTransition.valueOf(event.type().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))));
    }
}
