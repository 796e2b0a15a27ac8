package dev.agentfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.agentfleet.localfleet.cli.FleetDemo;

/**
 * What {@code ./fleet demo} shows, against a real local fleet: a function called by CloudEvent (with the fleet's sender
 * token), the travel-planning workflow, and a customer-service answer held for a person's approval and then sent. A
 * demo that breaks (a refused call, a run that does not finish) fails here rather than in front of a new user.
 */
class FleetDemoIT {

    @Test
    void theDemoCallsAFunctionRunsAWorkflowAndHasAnAnswerApproved() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        FleetDemo demo = new FleetDemo(new PrintStream(printed, true, StandardCharsets.UTF_8), RunningFleet.senderAuthorization());

        demo.analysis(RunningFleet.component("data-analysis"));
        demo.workflow(RunningFleet.component("workflow-coordinator"));
        demo.approval(RunningFleet.component("workflow-coordinator"));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("-> 200 analyze-series.output", "plan: 3 days", "review is WAITING for signal approval",
                ": SUCCEEDED, review {\"decision\":\"approve\"");
    }
}
