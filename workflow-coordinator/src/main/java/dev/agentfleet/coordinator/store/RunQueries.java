package dev.agentfleet.coordinator.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.run.RunStatus;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoredValue;
import io.quarkus.redis.datasource.stream.StreamMessage;
import io.quarkus.redis.datasource.stream.StreamRange;

/** Reads for the HTTP API (any replica answers; blocking, on worker threads). */
@ApplicationScoped
public class RunQueries {

    /** A run in a listing. */
    public record Listed(String runId, long createdAt, Map<String, String> fields) {
    }

    /**
     * What a listing keeps: runs of one workflow, status and starter (each null for any), created from {@code createdFrom}
     * to {@code createdTo} (epoch ms, both included).
     */
    public record Filter(String workflow, String status, String startedBy, long createdFrom, long createdTo) {
    }

    /** One page of a listing; {@code next} continues it, null at the end. */
    public record Page(List<Listed> runs, String next) {
    }

    private static final List<String> SUMMARY_FIELDS = List.of("workflow", "version", "status", "createdAt", "finishedAt", "startedBy");
    /** At most this many index entries are examined per page (filters may leave a page short; {@code next} goes on). */
    private static final int SCAN_LIMIT = 2000;

    private final RedisDataSource redis;
    private final RedisKeys keys;

    RunQueries(RedisDataSource redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** ZREVRANGEBYSCORE key before from WITHSCORES LIMIT 0 n (flat on RESP2, pairs on RESP3). */
    private List<ScoredValue<String>> newest(String key, long before, long from, int n) {
        io.vertx.mutiny.redis.client.Response r = redis.execute("ZREVRANGEBYSCORE", key,
                before == Long.MAX_VALUE ? "+inf" : String.valueOf(before), from == Long.MIN_VALUE ? "-inf" : String.valueOf(from), "WITHSCORES", "LIMIT", "0", String.valueOf(n));
        List<ScoredValue<String>> values = new ArrayList<>();
        if (r == null || r.size() == 0) {
            return values;
        }
        if (r.get(0).type() == io.vertx.redis.client.ResponseType.MULTI) {
            for (int i = 0; i < r.size(); i++) {
                values.add(new ScoredValue<>(r.get(i).get(0).toString(), r.get(i).get(1).toDouble()));
            }
        } else {
            for (int i = 0; i + 1 < r.size(); i += 2) {
                values.add(new ScoredValue<>(r.get(i).toString(), r.get(i + 1).toDouble()));
            }
        }
        return values;
    }

    public Optional<Map<String, String>> run(String runId) {
        if (keys.partitionOf(runId) < 0) {
            return Optional.empty();
        }
        Map<String, String> hash = redis.hash(String.class).hgetall(keys.run(runId));
        return hash.isEmpty() ? Optional.empty() : Optional.of(hash);
    }

    /**
     * {@code count} items of a map step from {@code from}: for each, its value and its state (JSON; the state null for an
     * item never started), read from the run's items hash.
     */
    public List<String[]> items(String runId, String step, int from, int count) {
        List<String> fields = new ArrayList<>(count * 2);
        for (int i = from; i < from + count; i++) {
            fields.add("i:" + step + ":" + i);
            fields.add("m:" + step + ":" + i);
        }
        Map<String, String> values = redis.hash(String.class).hmget(keys.items(runId), fields.toArray(String[]::new));
        List<String[]> items = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            items.add(new String[] { values.get("i:" + step + ":" + i), values.get("m:" + step + ":" + i) });
        }
        return items;
    }

    /** A quarantined run: when it was set aside and why. */
    public record Quarantined(String runId, int partition, long at, String reason) {
    }

    /** Quarantined runs, newest first, at most {@code limit} from each partition. */
    public List<Quarantined> quarantined(int limit) {
        List<Quarantined> all = new ArrayList<>();
        for (int p = 0; p < keys.partitions(); p++) {
            for (ScoredValue<String> entry : newest(keys.quarantine(p), Long.MAX_VALUE, Long.MIN_VALUE, limit)) {
                String reason = redis.hash(String.class).hget(keys.run(entry.value()), "quarantine");
                all.add(new Quarantined(entry.value(), p, (long) entry.score(), reason == null ? "the run's hash is gone" : reason));
            }
        }
        all.sort(Comparator.comparingLong(Quarantined::at).reversed());
        return all;
    }

    /**
     * How many retained runs are in each status, summed over the partitions' counts (one HGETALL each). Every status
     * is present; a partition's count that is negative (runs started before counts were kept that have since moved)
     * reads as 0 before the sum, so it does not hide the other partitions' runs.
     */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RunStatus status : RunStatus.values()) {
            counts.put(status.name(), 0L);
        }
        for (int p = 0; p < keys.partitions(); p++) {
            redis.hash(String.class).hgetall(keys.counts(p))
                    .forEach((status, n) -> counts.merge(status, Math.max(0, Long.parseLong(n)), Long::sum));
        }
        return counts;
    }

    /** The run's history, oldest first, as JSON strings. */
    public List<String> history(String runId, int limit) {
        List<StreamMessage<String, String, String>> messages = redis.stream(String.class).xrange(keys.events(runId),
                StreamRange.of("-", "+"), limit);
        return messages.stream().map(m -> m.payload().get("e")).toList();
    }

    /**
     * Runs newest first that pass the {@code filter}. {@code cursor} is a previous page's {@code next}. The time range
     * bounds the index reads themselves (scores are creation times), so a narrow range costs no more than its runs.
     *
     * <p>Each partition's index is read in a window of its newest entries before the cursor, and the windows are merged.
     * A page examines entries only down to the <em>boundary</em>: the newest of the oldest entries of the windows that
     * came back full. Below it, a full partition may hold entries its window did not reach, so going further (as a
     * filter that matches little would) could skip them; the page ends there and {@code next} continues from it.
     */
    public Page list(Filter filter, int limit, String cursor) {
        String workflow = filter.workflow();
        String status = filter.status();
        String startedBy = filter.startedBy();
        long before = filter.createdTo();
        String beforeId = null;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            long cursorScore = Long.parseLong(cursor.substring(0, colon));
            if (cursorScore <= before) { // a cursor from this listing always is; any other starts at createdTo
                before = cursorScore;
                beforeId = cursor.substring(colon + 1);
            }
        }
        int window = Math.min(SCAN_LIMIT / keys.partitions() + limit, 500);
        List<ScoredValue<String>> candidates = new ArrayList<>();
        ScoredValue<String> boundary = null;
        for (int p = 0; p < keys.partitions(); p++) {
            List<ScoredValue<String>> page = newest(keys.index(p), before, filter.createdFrom(), window);
            if (page.size() == window) {
                ScoredValue<String> oldest = page.get(page.size() - 1);
                if (boundary == null || NEWEST_FIRST.compare(oldest, boundary) < 0) {
                    boundary = oldest;
                }
            }
            candidates.addAll(page);
        }
        candidates.sort(NEWEST_FIRST);
        List<Listed> runs = new ArrayList<>();
        ScoredValue<String> last = null;
        boolean unread = false; // candidates left behind this page
        for (int i = 0; i < candidates.size(); i++) {
            ScoredValue<String> c = candidates.get(i);
            if ((long) c.score() == before && beforeId != null && c.value().compareTo(beforeId) >= 0) {
                continue;
            }
            if (boundary != null && NEWEST_FIRST.compare(c, boundary) > 0) {
                break; // older than what every full window covers: the next page reads on from here
            }
            last = c;
            Map<String, String> fields = redis.hash(String.class).hmget(keys.run(c.value()), SUMMARY_FIELDS.toArray(String[]::new));
            if (fields.get("status") == null) {
                continue; // expired since it was indexed
            }
            if ((workflow == null || workflow.equals(fields.get("workflow"))) && (status == null || status.equalsIgnoreCase(fields.get("status")))
                    && (startedBy == null || startedBy.equals(fields.get("startedBy")))) {
                runs.add(new Listed(c.value(), (long) c.score(), fields));
                if (runs.size() == limit) {
                    unread = i < candidates.size() - 1;
                    break;
                }
            }
        }
        if (last == null) {
            last = boundary; // every entry down to the boundary was behind the cursor (many runs in one millisecond)
        }
        boolean more = boundary != null || unread;
        String next = more && last != null ? (long) last.score() + ":" + last.value() : null;
        return new Page(runs, next);
    }

    /** Newest first; among runs created in the same millisecond, the greater id first (as ZREVRANGEBYSCORE orders them). */
    private static final Comparator<ScoredValue<String>> NEWEST_FIRST = Comparator.<ScoredValue<String>>comparingDouble(ScoredValue::score)
            .reversed().thenComparing(ScoredValue::value, Comparator.reverseOrder());
}
