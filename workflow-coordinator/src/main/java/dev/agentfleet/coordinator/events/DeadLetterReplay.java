package dev.agentfleet.coordinator.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.invoke.EventSink;
import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Sends a dead letter back to the Broker ({@code K_SINK}) as it was first sent: the same id, source, type, subject,
 * time and data, without Knative's {@code knativeerror*} attributes. The Broker routes it to its Trigger again, so the
 * receiver is chosen by the same rules as the first time and checks the same sender identity; a receiver that keeps
 * ids (every agentfleet function and the coordinator's start) answers a repeat of what it already did from its record,
 * so a replay of an event that had in fact arrived does nothing twice.
 *
 * <p>Each entry is replayed once: a claim in the hash {@code <prefix>:{wf-dead-letters}:replays} (set if absent) comes
 * first, the Broker's 2xx makes it final, any other answer or no answer removes it so an operator can try again. A claim
 * left by a replica that died while sending is taken over after {@value #STALE_CLAIM_MS} ms. An entry whose data was
 * kept only as a digest (over {@link DeadLetters#MAX_DATA} bytes) cannot be replayed: the event is no longer whole.
 */
@ApplicationScoped
public class DeadLetterReplay {

    static final long STALE_CLAIM_MS = 60_000;
    private static final long SEND_TIMEOUT_MS = 15_000;
    private static final Set<String> ATTRIBUTES = Set.of("id", "source", "type", "subject", "time");

    /** What a replay did: the entry, who replayed it and when, and the status the Broker answered. */
    @RegisterForReflection
    public record Replayed(String entry, String replayedBy, String replayedAt, int brokerStatus) {
    }

    private final RedisDataSource redis;
    private final EventSink sink;
    private final Clock clock;
    private final String stream;
    private final String replays;

    DeadLetterReplay(RedisDataSource redis, EventSink sink, Clock clock, RedisKeys keys) {
        this.redis = redis;
        this.sink = sink;
        this.clock = clock;
        this.stream = keys.deadLetters();
        this.replays = keys.deadLetterReplays();
    }

    public Replayed replay(String entry, String by) {
        List<StreamMessage<String, String, String>> found = redis.stream(String.class).xrange(stream, StreamRange.of(entry, entry), 1);
        if (found.isEmpty()) {
            throw new ProblemException(ProblemKind.NOT_FOUND, "No dead letter " + entry + " is kept (the stream keeps the newest 20,000).",
                    List.of(new FieldError("entry", "is not in the dead-letter stream")), null);
        }
        Map<String, String> kept = found.get(0).payload();
        if (kept.containsKey("dataSha256")) {
            throw new ProblemException(ProblemKind.CONFLICT, "The event's data was larger than " + DeadLetters.MAX_DATA
                    + " bytes and was kept only as its digest, so the event cannot be sent again as it was.",
                    List.of(new FieldError("data", "was not kept whole (" + kept.get("dataBytes") + " bytes)")), null);
        }
        if (!sink.enabled()) {
            throw new ProblemException(ProblemKind.CONFLICT, "This coordinator has no event sink (K_SINK) to replay to: "
                    + "replay needs the Broker a SinkBinding names.", List.of(new FieldError("K_SINK", "is not set")), null);
        }
        claim(entry, by);
        int status;
        try {
            status = send(kept);
        } catch (RuntimeException e) {
            hash().hdel(replays, entry);
            throw e;
        }
        if (status < 200 || status > 299) {
            hash().hdel(replays, entry);
            throw new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE, "The Broker answered " + status
                    + "; the dead letter was not replayed and can be replayed again.", List.of(new FieldError("K_SINK", "answered " + status)), null, 5L);
        }
        Replayed replayed = new Replayed(entry, by, Instant.ofEpochMilli(clock.millis()).toString(), status);
        hash().hset(replays, entry, new JsonObject().put("state", "replayed").put("by", by).put("at", replayed.replayedAt())
                .put("brokerStatus", status).encode());
        return replayed;
    }

    /** The replays of these entries, by entry id (entries never replayed are absent). */
    public Map<String, JsonObject> replaysOf(List<String> entries) {
        Map<String, JsonObject> result = new LinkedHashMap<>();
        if (entries.isEmpty()) {
            return result;
        }
        hash().hmget(replays, entries.toArray(String[]::new)).forEach((entry, value) -> {
            if (value != null) {
                result.put(entry, new JsonObject(value));
            }
        });
        return result;
    }

    private void claim(String entry, String by) {
        long now = clock.millis();
        String claim = new JsonObject().put("state", "sending").put("by", by).put("since", now).encode();
        if (hash().hsetnx(replays, entry, claim)) {
            return;
        }
        JsonObject existing = new JsonObject(hash().hget(replays, entry));
        if ("replayed".equals(existing.getString("state"))) {
            throw new ProblemException(ProblemKind.CONFLICT, "Dead letter " + entry + " was replayed at " + existing.getString("at")
                    + " by " + existing.getString("by") + ".", List.of(new FieldError("entry", "was replayed already")), null);
        }
        if (now - existing.getLong("since", 0L) < STALE_CLAIM_MS) {
            throw new ProblemException(ProblemKind.CONFLICT, "Dead letter " + entry + " is being replayed by " + existing.getString("by") + ".",
                    List.of(new FieldError("entry", "is being replayed")), null);
        }
        hash().hset(replays, entry, claim); // a replica died while sending it: the claim is stale
    }

    private int send(Map<String, String> kept) {
        Map<String, String> headers = new LinkedHashMap<>();
        kept.forEach((field, value) -> {
            if (ATTRIBUTES.contains(field)) {
                headers.put("ce-" + field, value);
            }
        });
        String data = kept.get("data");
        Buffer body = data == null ? Buffer.buffer() : Buffer.buffer(data.getBytes(StandardCharsets.UTF_8));
        try {
            return sink.post(headers, kept.get("datacontenttype"), body).toCompletionStage().toCompletableFuture()
                    .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        }
    }

    private static ProblemException unreachable(Exception e) {
        return new ProblemException(ProblemKind.UPSTREAM_UNAVAILABLE, "The Broker could not be reached ("
                + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + "); the dead letter was not replayed.",
                List.of(new FieldError("K_SINK", "unreachable")), e, 5L);
    }

    private HashCommands<String, String, String> hash() {
        return redis.hash(String.class);
    }
}
