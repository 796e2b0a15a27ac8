package dev.agentfleet.coordinator.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.definition.StepDefinition;
import dev.agentfleet.coordinator.engine.core.Decision;
import dev.agentfleet.coordinator.engine.core.Effect;
import dev.agentfleet.coordinator.engine.core.Input;
import dev.agentfleet.coordinator.engine.core.TimerKind;
import dev.agentfleet.coordinator.invoke.CircuitBreakers;
import dev.agentfleet.coordinator.invoke.CompletionEvents;
import dev.agentfleet.coordinator.invoke.Dispatcher;
import dev.agentfleet.coordinator.invoke.FunctionInvoker;
import dev.agentfleet.coordinator.observe.EngineMetrics;
import dev.agentfleet.sdk.redis.OutageLog;

/**
 * What the {@link Engine} does once a decision is committed: calls leave (a function's, a compensation's, or a child
 * run's start, {@link ChildRuns}), calls given up are abandoned, timers are set, the breaker hears how a call went, the
 * completion event is sent, and a finished run is let go. What comes back (an answer, a child's id, the sink taking the
 * event) goes to the run as an {@link Input} through {@code deliver}. Loop only.
 */
final class Actions {

    private static final Logger LOG = Logger.getLogger(Actions.class);
    /** While the sink is down every finished run fails alike: one line per burst, not one per run and attempt. */
    private static final OutageLog UNDELIVERED = new OutageLog(LOG, Duration.ofSeconds(30));

    private final Dispatcher dispatcher;
    private final ChildRuns children;
    private final CircuitBreakers breakers;
    private final CompletionEvents completions;
    private final EngineMetrics metrics;
    private final Clock clock;
    private final EngineLoop loop;
    private final Timers timers;
    private final BiConsumer<LiveRun, Input> deliver;
    private final Consumer<LiveRun> detach;

    Actions(Dispatcher dispatcher, ChildRuns children, CircuitBreakers breakers, CompletionEvents completions, EngineMetrics metrics,
            Clock clock, EngineLoop loop, Timers timers, BiConsumer<LiveRun, Input> deliver, Consumer<LiveRun> detach) {
        this.dispatcher = dispatcher;
        this.children = children;
        this.breakers = breakers;
        this.completions = completions;
        this.metrics = metrics;
        this.clock = clock;
        this.loop = loop;
        this.timers = timers;
        this.deliver = deliver;
        this.detach = detach;
    }

    /** Carries out a committed decision's effects, in order. */
    void act(LiveRun live, Decision decision) {
        for (Effect effect : decision.effects()) {
            if (effect instanceof Effect.StartCall c) {
                startCall(live, c);
            } else if (effect instanceof Effect.StartCompensation c) {
                live.calls.put(LiveRun.callKey(c.step(), true), dispatcher.compensation(live.id(), live.state.run().traceparent(),
                        c.step(), c.attempt(), c.function(), c.input(), c.timeout(),
                        answer -> answered(live, c.step(), c.attempt(), true, answer)));
            } else if (effect instanceof Effect.CancelCall c) {
                FunctionInvoker.Call call = live.calls.remove(LiveRun.callKey(c.step(), c.compensation()));
                if (call != null) {
                    call.abandon();
                }
            } else if (effect instanceof Effect.ScheduleTimer t) {
                timers.schedule(live, t);
            } else if (effect instanceof Effect.RecordCall r && !r.function().startsWith(StepDefinition.WORKFLOW_TARGET)) {
                breakers.record(r.function(), r.healthy(), clock.millis());
            } else if (effect instanceof Effect.EmitCompletion) {
                emitCompletion(live);
            } else if (effect instanceof Effect.Retire) {
                detach.accept(live);
            }
        }
    }

    private void startCall(LiveRun live, Effect.StartCall c) {
        Long ready = live.readyAt.remove(c.step());
        if (ready != null) {
            live.overhead.merge(c.step(), System.nanoTime() - ready, Long::sum);
        }
        Dispatcher.Answered answer = a -> answered(live, c.step(), c.attempt(), false, a);
        live.calls.put(c.step(), c.function().startsWith(StepDefinition.WORKFLOW_TARGET)
                ? children.start(live.state.run(), c.step(), c.attempt(), c.function(), c.input(),
                        child -> loop.run(() -> deliver.accept(live, new Input.ChildLinked(c.step(), c.attempt(), child))), answer)
                : dispatcher.attempt(live.id(), live.state.run().traceparent(), c.step(), c.attempt(), c.function(), c.input(), c.timeout(),
                        clock.millis(), answer));
    }

    private void answered(LiveRun live, String step, int attempt, boolean compensation, Dispatcher.Answer answer) {
        loop.run(() -> {
            live.calls.remove(LiveRun.callKey(step, compensation));
            deliver.accept(live, new Input.CallAnswered(step, attempt, compensation, answer.outcome(), answer.answeredAtNanos()));
        });
    }

    private void emitCompletion(LiveRun live) {
        completions.emit(live.state.run()).onComplete(ar -> loop.run(() -> {
            if (live.detached) {
                return;
            }
            metrics.completionEvent(ar.succeeded());
            if (ar.succeeded()) {
                deliver.accept(live, new Input.Notified());
            } else {
                long wait = Math.min(30_000, 500L << Math.min(live.notifyAttempts++, 6));
                UNDELIVERED.warn("completion event of run " + live.id() + " not delivered (" + ar.cause().getMessage()
                        + "); sent again in " + wait + " ms, until the sink takes it");
                timers.schedule(live, new Effect.ScheduleTimer(TimerKind.NOTIFY, clock.millis() + wait, null, 0));
            }
        }));
    }
}
