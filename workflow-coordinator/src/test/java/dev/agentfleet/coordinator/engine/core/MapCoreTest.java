package dev.agentfleet.coordinator.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.run.StepStatus;

/** Map steps decided by the core alone: items within their concurrency, per-item retries and keys, tolerance, resume. */
class MapCoreTest {

    private static final String FAN = """
            steps:
              - id: fan
                function: test/square
                map: {items: .input.xs, maxConcurrency: 2, toleratedFailures: TOLERATED}
                input: '{n: .item, at: .index, run: .input.tag}'
                retry: {maxAttempts: 2, initialBackoff: 1s, maxBackoff: 1s, jitter: 0}
              - id: sum
                function: test/sum
                dependsOn: [fan]
                input: '{values: .steps.fan.output}'
            output: .steps.sum.output
            """;

    private static Scenario fan(int tolerated, String xs) {
        return Scenario.of(FAN.replace("TOLERATED", String.valueOf(tolerated)), "{\"xs\": " + xs + ", \"tag\": \"t\"}", true, 128);
    }

    private static List<String> calls(Scenario s) {
        return s.effects(Effect.StartCall.class).stream().map(c -> c.step() + "#" + c.attempt()).toList();
    }

    @Test
    void itemsRunWithinTheirConcurrencyAndTheResultsKeepTheInputOrder() {
        Scenario s = fan(0, "[1, 2, 3, 4]");
        s.start();
        assertThat(calls(s)).containsExactly("fan/0#1", "fan/1#1");
        assertThat(s.effects(Effect.StartCall.class).get(1).input().toString()).isEqualTo("{\"n\":2,\"at\":1,\"run\":\"t\"}");
        assertThat(s.history()).containsExactly("step-started", "step-started", "step-started");

        s.succeed("fan/1", 1, "{\"sq\": 4}");
        assertThat(calls(s)).containsExactly("fan/2#1");
        s.succeed("fan/0", 1, "{\"sq\": 1}");
        s.succeed("fan/3", 1, "{\"sq\": 16}");
        assertThat(s.step("fan").status()).isEqualTo(StepStatus.RUNNING);
        s.succeed("fan/2", 1, "{\"sq\": 9}");
        assertThat(s.step("fan").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(s.step("fan").itemsSucceeded).isEqualTo(4);
        assertThat(s.effects(Effect.StartCall.class)).singleElement().satisfies(c -> {
            assertThat(c.step()).isEqualTo("sum");
            assertThat(c.input().toString()).isEqualTo("{\"values\":[{\"sq\":1},{\"sq\":4},{\"sq\":9},{\"sq\":16}]}");
        });
        assertThat(s.last.settledSteps()).extracting(Decision.Settled::step).containsExactly("fan");
        // the results are not kept in the step's own field of the run's hash, but as items beside it
        assertThat(s.stored.get("step:fan")).doesNotContain("sq");
        assertThat(s.stored).containsKey("m:fan:3").containsKey("i:fan:3");
    }

    @Test
    void anItemRetriesUnderItsNextAttemptAndATolerableFailureLeavesANullResult() {
        Scenario s = fan(1, "[1, 2, 3]");
        s.start();
        s.fail("fan/0", 1, FailureKind.UNAVAILABLE);
        assertThat(s.history()).containsExactly("step-retry-scheduled", "step-started");
        assertThat(s.step("fan/0").status()).isEqualTo(StepStatus.WAITING_RETRY);
        assertThat(calls(s)).containsExactly("fan/2#1"); // the slot went to the next item meanwhile
        s.now += 1_000;
        s.succeed("fan/1", 1, "{\"sq\": 4}");
        assertThat(calls(s)).containsExactly("fan/0#2");
        s.fail("fan/0", 2, FailureKind.UNAVAILABLE);
        assertThat(s.history()).containsExactly("step-failed");
        assertThat(s.step("fan").itemsFailed).isEqualTo(1);
        s.succeed("fan/2", 1, "{\"sq\": 9}");
        assertThat(s.step("fan").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(s.effects(Effect.StartCall.class).get(0).input().toString()).isEqualTo("{\"values\":[null,{\"sq\":4},{\"sq\":9}]}");
    }

    @Test
    void moreFailuresThanToleratedFailTheStepAndAbandonWhatIsInFlight() {
        Scenario s = fan(0, "[1, 2, 3, 4, 5]");
        s.start();
        s.fail("fan/0", 1, FailureKind.REJECTED);
        assertThat(s.history()).containsExactly("step-failed", "step-abandoned", "step-failed", "step-not-reached", "run-failed");
        assertThat(s.effects(Effect.CancelCall.class)).extracting(Effect.CancelCall::step).contains("fan/1");
        assertThat(s.step("fan").error.message()).isEqualTo("1 of 5 items failed, 0 tolerated; item 0: told to fail");
        assertThat(s.run().error().step()).isEqualTo("fan");
        assertThat(s.step("fan/2").status()).isEqualTo(StepStatus.PENDING); // never started
        assertThat(s.run().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aPercentageToleratesAShareOfTheItems() {
        Scenario s = Scenario.of(FAN.replace("toleratedFailures: TOLERATED", "toleratedFailurePercent: 50").replace("maxConcurrency: 2",
                "maxConcurrency: 4"), "{\"xs\": [1, 2, 3, 4]}", true, 128);
        s.start();
        s.fail("fan/0", 1, FailureKind.REJECTED);
        s.fail("fan/1", 1, FailureKind.REJECTED);
        s.succeed("fan/2", 1, "2");
        s.succeed("fan/3", 1, "3");
        assertThat(s.step("fan").status()).isEqualTo(StepStatus.SUCCEEDED);
    }

    @Test
    void anItemThatTimesOutIsRetriedAndAnEmptyArrayIsDoneAtOnce() {
        Scenario s = fan(0, "[7]");
        s.start();
        s.now += 30_000;
        s.timer(TimerKind.STEP_TIMEOUT, "fan/0", 1);
        assertThat(s.effects(Effect.CancelCall.class)).extracting(Effect.CancelCall::step).containsExactly("fan/0");
        assertThat(s.step("fan/0").error.kind()).isEqualTo(FailureKind.TIMEOUT);
        s.now += 1_000;
        s.timer(TimerKind.RETRY, "fan/0", 1);
        assertThat(calls(s)).containsExactly("fan/0#2");

        Scenario empty = fan(0, "[]");
        empty.start();
        assertThat(empty.step("fan").status()).isEqualTo(StepStatus.SUCCEEDED);
        assertThat(calls(empty)).containsExactly("sum#1");
    }

    @Test
    void itemsThatAreNotAnArrayOrTooManyFailTheStepAsInput() {
        Scenario notArray = fan(0, "{\"a\": 1}");
        notArray.start();
        assertThat(notArray.step("fan").error.kind()).isEqualTo(FailureKind.INPUT);
        assertThat(notArray.step("fan").error.message()).isEqualTo("its map items expression must give an array, gave object");

        Scenario tooMany = Scenario.of(FAN.replace("TOLERATED", "0").replace(".input.xs", "'[range(10001)]'"), "{}", true, 128);
        tooMany.start();
        assertThat(tooMany.step("fan").error.message()).contains("10001 items, more than the 10000");
    }

    @Test
    void aReplicaThatTakesTheMapOverSendsWhatWasInFlightAgainUnderTheSameKeys() {
        Scenario s = fan(0, "[1, 2, 3, 4]");
        s.start();
        s.succeed("fan/0", 1, "1");
        s.fail("fan/1", 1, FailureKind.UNAVAILABLE);
        s.reload();
        assertThat(s.effects(Effect.StartCall.class)).allSatisfy(c -> {
            assertThat(c.attempt()).isEqualTo(1);
            assertThat(c.again()).isTrue();
        }).extracting(Effect.StartCall::step).containsExactly("fan/2", "fan/3");
        assertThat(s.effects(Effect.ScheduleTimer.class)).extracting(Effect.ScheduleTimer::step).contains("fan/1");
        assertThat(s.step("fan").itemsSucceeded).isEqualTo(1);
        s.now += 1_000;
        s.timer(TimerKind.RETRY, "fan/1", 1);
        assertThat(calls(s)).isEmpty(); // two in flight already
        s.succeed("fan/2", 1, "3");
        assertThat(calls(s)).containsExactly("fan/1#2");
        s.succeed("fan/1", 2, "2");
        s.succeed("fan/3", 1, "4");
        assertThat(calls(s)).singleElement().isEqualTo("sum#1");
        assertThat(s.effects(Effect.StartCall.class).get(0).input().toString()).isEqualTo("{\"values\":[1,2,3,4]}");
    }

    @Test
    void aRedriveRunsTheFailedItemsUnderNewAttemptsAndKeepsWhatSucceeded() {
        Scenario s = fan(0, "[1, 2, 3]");
        s.start();
        s.succeed("fan/1", 1, "2");
        s.fail("fan/0", 1, FailureKind.REJECTED);
        assertThat(s.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(s.step("fan/2").status()).isEqualTo(StepStatus.CANCELLED);

        s.requestRedrive("user:admin");
        assertThat(calls(s)).containsExactly("fan/0#2", "fan/2#2");
        s.succeed("fan/0", 2, "1");
        s.succeed("fan/2", 2, "3");
        assertThat(s.effects(Effect.StartCall.class).get(0).input().toString()).isEqualTo("{\"values\":[1,2,3]}");
        s.succeed("sum", 1, "6");
        assertThat(s.run().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aRunHoldsTenThousandItemsWithTheirAnswersInABoundedFewHundredBytesEach() {
        long before = heapUsed();
        Scenario s = Scenario.of(FAN.replace("TOLERATED", "0").replace(".input.xs", "'[range(10000)]'").replace("maxConcurrency: 2",
                "maxConcurrency: 1000"), "{}", true, 100_000);
        s.start();
        for (int i = 0; i < 10_000; i++) {
            s.succeed("fan/" + i, 1, "{\"echo\": {\"n\": " + i + "}, \"key\": \"r0-00000000/fan/" + i + "/1\"}");
        }
        assertThat(s.step("fan").status()).isEqualTo(StepStatus.SUCCEEDED);
        s.stored.clear(); // what the scenario kept of the commits is Redis's part, not the coordinator's
        s.last = null;
        long perItem = (heapUsed() - before) / 10_000;
        System.out.printf("coordinator memory for a map of 10,000 items with their answers: about %d bytes per item%n", perItem);
        assertThat(perItem).as("heap per item (the item, its state, its answer)").isLessThan(4_096);
        assertThat(s.run().map("fan").succeeded()).isEqualTo(10_000); // keeps the run reachable until measured
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
