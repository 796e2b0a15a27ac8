package dev.agentfleet.coordinator.api;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/**
 * The HTTP answer to what someone asked of a run (cancel, pause, resume, redrive, a signal): 202 when recorded or asked
 * already (the run's owner acts on it), 404 for no run, 409 naming why it does not fit the run as it is.
 */
final class RequestAnswers {

    private RequestAnswers() {
    }

    /** {@code what}: cancel, pause, resume, or {@code signal <name>}. */
    static Response of(String runId, String what, RunRequestScript.Result result) {
        return switch (result.outcome()) {
            case ACCEPTED, REPEATED -> Response.accepted(Map.of("id", runId, "request", what, "state",
                    result.outcome() == RunRequestScript.Outcome.ACCEPTED ? "recorded" : "recorded before",
                    "link", "/workflows/runs/" + runId)).build();
            case MISSING -> throw notFound(runId);
            case TOO_LATE -> throw new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " is " + result.detail()
                    + ": too late to " + what + ".", List.of(new FieldError("status", "is " + result.detail())), null);
            case CONFLICT -> throw what.startsWith("signal")
                    ? new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " received " + what + " already, with id " + result.detail()
                            + "; a signal is taken once.", List.of(new FieldError("id", "differs from the id received before")), null)
                    : new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " is " + result.detail() + ": nothing to " + what + ".",
                            List.of(new FieldError("status", "is " + result.detail())), null);
            case LIMIT -> throw new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " was redriven " + result.detail()
                    + " times, as many as a run may be (engine.max-redrives).", List.of(new FieldError("id", "has no redrive left")), null);
            case BLOCKED -> throw new ProblemException(ProblemKind.CONFLICT, "Run " + runId + " cannot be redriven: the compensation of step "
                    + result.detail() + " failed, so what it did may be half undone. Repair it by hand and start a new run.",
                    List.of(new FieldError("steps." + result.detail(), "its compensation failed")), null);
            case SETTLED -> throw new ProblemException(ProblemKind.CONFLICT, "The step of run " + runId + " that waited for " + what
                    + " no longer waits (it is " + result.detail() + ").", List.of(new FieldError("name", "is no longer awaited")), null);
        };
    }

    static ProblemException notFound(String id) {
        return new ProblemException(ProblemKind.NOT_FOUND, "No run " + id + " (unknown, or expired after the retention).",
                List.of(new FieldError("id", "is not a known run")), null);
    }
}
