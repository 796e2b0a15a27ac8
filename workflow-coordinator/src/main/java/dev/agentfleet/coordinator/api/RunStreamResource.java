package dev.agentfleet.coordinator.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.agentfleet.coordinator.store.RunQueries;
import dev.agentfleet.coordinator.store.RunStore;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A run's history as it is written, as server-sent events: {@code GET /workflows/runs/{id}/stream} [workflow-submit:
 * own; workflow-read; workflow-admin], what the console draws a run from. Each event is one history entry ({@code
 * event: history}, {@code id:} its Redis stream id, {@code data:} the entry as {@code /events} shows it), the whole
 * history first; a {@code Last-Event-ID} header goes on after that entry (a reconnect). The stream ends after the entry
 * that finishes the run, and after {@link #LIFETIME} in any case (the client reconnects with the last id).
 *
 * <p>Each stream reads the run's history stream every {@link #POLL_MS} with an {@code XRANGE} after the last id it sent
 * rather than holding a Redis connection in a blocking {@code XREAD}: the pool's connections serve the engine, and a
 * room full of open consoles must not take them (ADR 0012). At most {@link #MAX_STREAMS} per coordinator (429 beyond).
 */
@Path("/workflows/runs/{id}/stream")
public class RunStreamResource {

    static final long POLL_MS = 250;
    static final Duration LIFETIME = Duration.ofMinutes(15);
    static final int MAX_STREAMS = 200;
    private static final int BATCH = 500;
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final RunQueries queries;
    private final RunStore store;
    private final ObjectMapper mapper;
    private final JsonWebToken caller;

    RunStreamResource(RunQueries queries, RunStore store, ObjectMapper mapper, JsonWebToken caller) {
        this.queries = queries;
        this.store = store;
        this.mapper = mapper;
        this.caller = caller;
    }

    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed({ "workflow-submit", "workflow-read", "workflow-admin" })
    public Multi<OutboundSseEvent> stream(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
            @Context Sse sse) {
        RunAccess.readable(queries, caller, id);
        if (OPEN.incrementAndGet() > MAX_STREAMS) {
            OPEN.decrementAndGet();
            throw new ProblemException(ProblemKind.TOO_MANY_REQUESTS, "This coordinator follows " + MAX_STREAMS
                    + " runs already; try again later.", List.of(), null);
        }
        AtomicReference<String> last = new AtomicReference<>(lastEventId != null && lastEventId.matches("\\d{1,20}-\\d{1,20}")
                ? lastEventId : null);
        OutboundSseEvent end = sse.newEventBuilder().comment("end").build();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(Duration.ofMillis(POLL_MS))
                .onOverflow().drop()
                .select().first(LIFETIME)
                .onItem().transformToUniAndConcatenate(tick -> Uni.createFrom()
                        .completionStage(store.historyAfter(id, last.get(), BATCH).toCompletionStage())
                        .onFailure().recoverWithItem(List.of())) // Redis away for a moment: look again at the next tick
                .onItem().transformToIterable(entries -> events(entries, last, sse, end))
                .select().first(event -> event != end)
                .onTermination().invoke(OPEN::decrementAndGet);
    }

    /**
     * The entries as events; {@code end} after the entry that finishes the run ends the stream, when it is the last one
     * there is (a redriven run goes on after its first end).
     */
    private List<OutboundSseEvent> events(List<RunStore.HistoryEntry> entries, AtomicReference<String> last, Sse sse,
            OutboundSseEvent end) {
        List<OutboundSseEvent> events = new ArrayList<>(entries.size() + 1);
        for (int i = 0; i < entries.size(); i++) {
            RunStore.HistoryEntry entry = entries.get(i);
            last.set(entry.id());
            JsonNode event = RunViews.event(mapper, entry.json());
            events.add(sse.newEventBuilder().name("history").id(entry.id()).data(event.toString()).build());
            if (i == entries.size() - 1 && entries.size() < BATCH && finishesTheRun(event)) {
                events.add(end);
            }
        }
        return events;
    }

    /** A run's move into a final status (a redrive request leaves a failed run failed: from and to the same). */
    static boolean finishesTheRun(JsonNode event) {
        String to = event.path("to").asText("");
        return event.path("step").isMissingNode() && !to.equals(event.path("from").asText(""))
                && (to.equals("SUCCEEDED") || to.equals("FAILED") || to.equals("CANCELLED"));
    }
}
