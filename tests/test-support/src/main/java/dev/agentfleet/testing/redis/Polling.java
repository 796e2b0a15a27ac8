package dev.agentfleet.testing.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a cluster to get somewhere, for the harness' own use (tests have Awaitility). */
final class Polling {

    private Polling() {
    }

    /** Polls every 100 ms until {@code condition} holds; fails after {@code timeout} naming {@code what}. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("timed out waiting until " + what);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
