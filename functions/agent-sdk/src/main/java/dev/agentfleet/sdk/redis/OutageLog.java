package dev.agentfleet.sdk.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

/**
 * One WARN line per burst of failures, not one per failed call: while Redis fails over, every request and every run
 * fails alike, and hundreds of identical lines would bury the one that says why. The first failure is logged at once;
 * the ones within the next {@code interval} go to DEBUG and are counted into the next WARN line.
 */
public final class OutageLog {

    private final Logger log;
    private final long intervalNanos;
    private final String interval;
    private final AtomicLong nextWarnAt = new AtomicLong(System.nanoTime());
    private final AtomicInteger quieted = new AtomicInteger();

    public OutageLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.interval = interval.toSeconds() + " s";
    }

    /** Logs {@code message} (already formatted, without secrets) as a WARN, or counts it when one was logged lately. */
    public void warn(String message) {
        long now = System.nanoTime();
        long next = nextWarnAt.get();
        if (now - next >= 0 && nextWarnAt.compareAndSet(next, now + intervalNanos)) {
            int more = quieted.getAndSet(0);
            log.warn(more == 0 ? message : message + " (and " + more + " more like it in the last " + interval + ")");
        } else {
            quieted.incrementAndGet();
            log.debug(message);
        }
    }
}
