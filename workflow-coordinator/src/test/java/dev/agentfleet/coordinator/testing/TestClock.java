package dev.agentfleet.coordinator.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The coordinator's clock in tests: the system clock plus an offset a test moves forward, so timeouts, backoff,
 * deadlines and open circuits come due without waiting.
 */
@Alternative
@Priority(10)
@Singleton
public class TestClock extends Clock {

    private final AtomicLong offset = new AtomicLong();

    public void advance(Duration by) {
        offset.addAndGet(by.toMillis());
    }

    @Override
    public long millis() {
        return System.currentTimeMillis() + offset.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
