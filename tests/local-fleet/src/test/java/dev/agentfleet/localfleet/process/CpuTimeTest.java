package dev.agentfleet.localfleet.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** CPU time read from /proc for a real process: a spinning one's grows, one gone reads -1. */
class CpuTimeTest {

    @Test
    void aSpinningProcessesCpuTimeGrowsAndAGoneOneReadsMinusOne() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        long pid = busy.pid();
        try {
            long first = CpuTime.nanos(pid);
            assertTrue(first >= 0, "read while it runs: " + first);
            long later = first;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (later <= first && System.nanoTime() < deadline) { // 10 ms ticks: wait for the next one, however loaded
                Thread.sleep(100);
                later = CpuTime.nanos(pid);
            }
            assertTrue(later > first, "a spinning shell's CPU time grew: " + first + " -> " + later);
        } finally {
            busy.destroyForcibly().waitFor();
        }
        assertEquals(-1, CpuTime.nanos(pid), "gone and reaped");
    }
}
