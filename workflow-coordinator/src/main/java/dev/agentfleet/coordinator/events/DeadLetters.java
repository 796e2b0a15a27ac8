package dev.agentfleet.coordinator.events;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.agentfleet.coordinator.observe.LogText;
import dev.agentfleet.coordinator.store.RedisKeys;
import dev.agentfleet.sdk.text.Digests;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.XAddArgs;

/**
 * Events the Knative Broker gave up delivering (its Triggers' {@code deadLetterSink}): each is appended, with the
 * failure Knative attached ({@code knativeerrordest}, {@code knativeerrorcode}, {@code knativeerrordata}), to the Redis
 * stream {@code <prefix>:{wf-dead-letters}}, counted in {@code agentfleet_dead_letters_total{type}} and logged.
 * Nothing the fleet was sent is dropped silently; an operator reads the stream ({@code GET /dead-letters}) and replays
 * what should be replayed.
 *
 * <p>Bounded in bytes, whoever sends: the stream keeps about {@value #MAX_ENTRIES} entries; data up to
 * {@value #MAX_DATA} bytes is kept as sent, larger data as its SHA-256, its size and its first {@value #DATA_PREFIX}
 * bytes; every attribute is cut at {@value #MAX_ATTRIBUTE} characters. At most about 20,000 x 17 KiB (some 340 MB)
 * however large or many the events. The log line escapes control characters, so an attribute cannot forge log lines.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    static final long MAX_ENTRIES = 20_000;
    static final int MAX_DATA = 8 * 1024;
    static final int DATA_PREFIX = 1024;
    static final int MAX_ATTRIBUTE = 1024;
    private static final String OUR_TYPES = "dev.agentfleet.";
    private static final int MAX_TAGGED_TYPE = 100;

    private final RedisDataSource redis;
    private final MeterRegistry registry;
    private final Clock clock;
    private final String key;

    DeadLetters(RedisDataSource redis, MeterRegistry registry, Clock clock, RedisKeys keys) {
        this.redis = redis;
        this.registry = registry;
        this.clock = clock;
        this.key = keys.deadLetters();
    }

    /** Stores one dead letter; returns its stream entry id. Redis failures propagate (the Broker retries). */
    public String record(CloudEvent event) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("receivedAt", Instant.ofEpochMilli(clock.millis()).toString());
        put(entry, "id", event.getId());
        put(entry, "source", event.getSource().toString());
        put(entry, "type", event.getType());
        put(entry, "subject", event.getSubject());
        put(entry, "time", event.getTime() == null ? null : event.getTime().toString());
        put(entry, "datacontenttype", event.getDataContentType());
        for (String extension : List.of("knativeerrordest", "knativeerrorcode", "knativeerrordata")) {
            Object value = event.getExtension(extension);
            put(entry, extension, value == null ? null : value.toString());
        }
        if (event.getData() != null) {
            byte[] data = event.getData().toBytes();
            if (data.length <= MAX_DATA) {
                entry.put("data", new String(data, StandardCharsets.UTF_8));
            } else {
                entry.put("dataBytes", String.valueOf(data.length));
                entry.put("dataSha256", Digests.sha256Hex(data));
                entry.put("dataPrefix", new String(data, 0, DATA_PREFIX, StandardCharsets.UTF_8));
            }
        }
        String id = redis.stream(String.class).xadd(key, new XAddArgs().maxlen(MAX_ENTRIES).nearlyExactTrimming(), entry);
        Counter.builder("agentfleet.dead.letters").description("Events the broker could not deliver, by type")
                .tag("type", tagOf(event.getType())).register(registry).increment();
        LOG.warnf("dead letter %s: %s from %s (id %s) undeliverable to %s, code %s", id, LogText.of(event.getType()),
                LogText.of(event.getSource().toString()), LogText.of(event.getId()), LogText.of(entry.getOrDefault("knativeerrordest", "?")),
                LogText.of(entry.getOrDefault("knativeerrorcode", "?")));
        return id;
    }

    /** The newest {@code count} dead letters, newest first. */
    public List<Map<String, String>> newest(int count) {
        return redis.stream(String.class).xrevrange(key, io.quarkus.redis.datasource.stream.StreamRange.of("+", "-"), count)
                .stream().map(DeadLetters::view).toList();
    }

    public String key() {
        return key;
    }

    private static Map<String, String> view(StreamMessage<String, String, String> message) {
        Map<String, String> view = new LinkedHashMap<>();
        view.put("entry", message.id());
        view.putAll(message.payload());
        return view;
    }

    private static void put(Map<String, String> entry, String field, String value) {
        if (value != null) {
            entry.put(field, value.length() <= MAX_ATTRIBUTE ? value : value.substring(0, MAX_ATTRIBUTE));
        }
    }


    /** Types from outside the fleet share one tag, so a sender cannot grow the metric without bound. */
    private static String tagOf(String type) {
        return type.startsWith(OUR_TYPES) && type.length() <= MAX_TAGGED_TYPE ? type : "other";
    }
}
