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
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
