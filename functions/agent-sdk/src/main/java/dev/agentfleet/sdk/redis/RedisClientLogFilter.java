package dev.agentfleet.sdk.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * The Vert.x Redis client logs every failed connection at ERROR with a stack trace ("Unhandled Error"), and a client
 * that cannot connect (TLS spoken to a plain server or the reverse, a node down) tries again at every command: hundreds
 * of stack traces a minute that bury the one line {@link RedisReadiness} writes about the cause. This console filter
 * lets one record of each kind through per minute, as a single line (the exception's class and message, no frames).
 * Other loggers pass untouched. Enabled by {@code quarkus.log.console.filter} in agent-sdk's defaults.
 */
@LoggingFilter(name = RedisClientLogFilter.NAME)
public final class RedisClientLogFilter implements Filter {

    public static final String NAME = "agentfleet-redis-client";
    private static final long QUIET_NANOS = 60_000_000_000L;
    private static final int MAX_KINDS = 256;

    private final Map<String, Long> lastPassed = new ConcurrentHashMap<>();

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null || !logger.startsWith("io.vertx.redis.client")) {
            return true;
        }
        Throwable thrown = record.getThrown();
        String kind = logger + "|" + record.getMessage() + "|" + (thrown == null ? "" : thrown.getClass().getName());
        long now = System.nanoTime();
        Long last = lastPassed.get(kind);
        if (last != null && now - last < QUIET_NANOS) {
            return false;
        }
        if (lastPassed.size() > MAX_KINDS) {
            lastPassed.clear();
        }
        lastPassed.put(kind, now);
        if (thrown != null) {
            record.setThrown(null);
            record.setMessage(record.getMessage() + " [" + RedisFailures.describe(thrown) + "; repeats are not logged for a minute]");
        }
        return true;
    }
}
