package dev.agentfleet.localfleet.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process' resident set size, from {@code /proc/<pid>/status} (Linux). */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** VmRSS in kB, or -1 when the process is gone or /proc cannot be read. */
    public static long kb(long pid) {
        return field(pid, "VmRSS:");
    }

    /** VmHWM, the process' peak resident set so far, in kB; -1 as for {@link #kb}. */
    public static long peakKb(long pid) {
        return field(pid, "VmHWM:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
