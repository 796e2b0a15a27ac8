package dev.agentfleet.coordinator.engine;

import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agentfleet.coordinator.definition.StepDefinition;
import dev.agentfleet.coordinator.invoke.CallOutcome;
import dev.agentfleet.coordinator.invoke.Dispatcher;
import dev.agentfleet.coordinator.invoke.FunctionInvoker;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.coordinator.run.Failure;
import dev.agentfleet.coordinator.run.FailureKind;
import dev.agentfleet.coordinator.run.Run;
import dev.agentfleet.coordinator.run.RunStatus;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.coordinator.store.script.RunRequestScript;
import dev.agentfleet.sdk.problem.ProblemException;
import io.vertx.core.Vertx;

/**
 * The attempts of sub-workflow steps: each starts a child run through {@link RunControl} (on a worker thread: a start
 * blocks briefly on Redis), under the idempotency key {@code <parent>/<step>/<attempt>} scoped to the parent's starter,
 * so an attempt sent again after a crash finds the child it started instead of starting another; the child records its
 * parent ({@code parent}, {@code depth}) and the parent's step its child ({@code Input.ChildLinked}). The child's
 * outcome comes back to the parent's step as a call's answer would: its status is read every {@link #POLL_MS} until it
 * is final (children are few and long-lived next to calls, and whichever replica drives the parent watches them, so
 * nothing has to be told across partitions or Redis Cluster slots). An attempt abandoned (the parent failed or was
 * cancelled, the step timed out) cancels its child, which cancels its own children in turn.
 */
@ApplicationScoped
public class ChildRuns {

    private static final Logger LOG = Logger.getLogger(ChildRuns.class);
    static final long POLL_MS = 250;

    /** Watching one child run for one attempt; {@link #abandon()} cancels the child. */
    static final class Watch extends FunctionInvoker.Call {
        private volatile String child;
        private volatile boolean abandoned;
        private final String by;
        private final ChildRuns runs;

        Watch(String by, ChildRuns runs) {
            this.by = by;
            this.runs = runs;
        }

        @Override
        public void abandon() {
            abandoned = true;
            cancel();
            if (child != null) {
                runs.cancelChild(child, by);
            }
        }
    }

    // RunControl starts runs and drives them through the engine, which starts children here: looked up when first used
    private final Instance<RunControl> control;
    private final RunStore store;
    private final Vertx vertx;
    private final EngineMetrics metrics;

    ChildRuns(Instance<RunControl> control, RunStore store, Vertx vertx, EngineMetrics metrics) {
        this.control = control;
        this.store = store;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /**
     * Starts (or finds) the child run of one attempt of {@code step} (a step's or a map item's address) of {@code parent},
     * tells {@code linked} its id, and {@code answered} its outcome once it is final.
     */
    FunctionInvoker.Call start(Run parent, String step, int attempt, String target, JsonNode input, Consumer<String> linked,
            Dispatcher.Answered answered) {
        String by = "run:" + parent.id();
        Watch watch = new Watch(by, this);
        String ref = target.substring(StepDefinition.WORKFLOW_TARGET.length());
        int at = ref.indexOf('@');
        RunControl.StartCommand command = new RunControl.StartCommand(at < 0 ? ref : ref.substring(0, at), at < 0 ? null : ref.substring(at + 1),
                input, Dispatcher.deliveryKey(parent.id(), step, attempt, false), parent.startedBy() != null ? parent.startedBy() : by,
                parent.traceparent(), new RunControl.Parent(parent.id(), step, parent.depth() + 1));
        vertx.<RunControl.Started>executeBlocking(() -> control.get().start(command), false).onComplete(ar -> {
            if (ar.failed()) {
                if (!watch.cancelled()) {
                    answered.accept(new Dispatcher.Answer(refused(ar.cause(), command.workflow()), System.nanoTime()));
                }
                return;
            }
            watch.child = ar.result().runId();
            if (ar.result().created()) {
                metrics.childStarted(command.workflow());
            }
            if (watch.abandoned) {
                cancelChild(watch.child, by);
            } else if (!watch.cancelled()) {
                linked.accept(watch.child);
                poll(watch, answered);
            }
        });
        return watch;
    }

    private void poll(Watch watch, Dispatcher.Answered answered) {
        if (watch.cancelled()) {
            return;
        }
        store.outcome(watch.child).onComplete(ar -> {
            if (watch.cancelled()) {
                return;
            }
            CallOutcome outcome = ar.succeeded() ? outcomeOf(watch.child, ar.result()) : null;
            if (outcome != null) {
                answered.accept(new Dispatcher.Answer(outcome, System.nanoTime()));
            } else {
                vertx.setTimer(POLL_MS, t -> poll(watch, answered)); // running still, or Redis did not answer: look again
            }
        });
    }

    /** The child's outcome from its {@code status, output, error}, or null while it has not finished. */
    static CallOutcome outcomeOf(String child, List<String> fields) {
        String status = fields.get(0);
        if (status == null) {
            return CallOutcome.failure(FailureKind.REJECTED, "child run " + child + " no longer exists", null, 0);
        }
        RunStatus s = RunStatus.valueOf(status);
        if (!s.isFinal()) {
            return null;
        }
        if (s == RunStatus.SUCCEEDED) {
            return CallOutcome.success(Run.read(fields.get(1), JsonNode.class), 0);
        }
        Failure error = fields.get(2) == null ? null : Run.read(fields.get(2), Failure.class);
        FailureKind kind = s == RunStatus.CANCELLED ? FailureKind.CANCELLED : FailureKind.STEP_FAILED;
        return CallOutcome.failure(kind, "child run " + child + " " + s.name().toLowerCase() + (error == null ? "" : ": "
                + error.message()), error == null ? null : error.status(), 0);
    }

    /** Why a child could not be started, as the step's failure: retried (per the step's policy) only when Redis was away. */
    private static CallOutcome refused(Throwable cause, String workflow) {
        if (cause instanceof ProblemException p && p.kind().status() < 500) {
            String detail = p.getMessage() + (p.problem().errors() == null || p.problem().errors().isEmpty() ? ""
                    : " " + p.problem().errors().stream().map(e -> e.field() + ": " + e.message()).toList());
            return CallOutcome.failure(p.kind().status() == 404 || p.kind().status() == 409 ? FailureKind.REJECTED : FailureKind.INPUT,
                    "child workflow " + workflow + " could not start: " + detail, p.kind().status(), 0);
        }
        return CallOutcome.failure(FailureKind.UNAVAILABLE, "child workflow " + workflow + " could not start: " + cause.getMessage(), null, 0);
    }

    private void cancelChild(String child, String by) {
        vertx.executeBlocking(() -> control.get().request(child, RunRequestScript.Action.CANCEL, by), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warnf("child run %s could not be asked to cancel (%s); it runs on to its end", child, ar.cause().getMessage());
            }
        });
    }
}
