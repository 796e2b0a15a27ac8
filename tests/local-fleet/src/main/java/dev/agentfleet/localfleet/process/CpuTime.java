package dev.agentfleet.localfleet.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time a process has used so far (user and system), from {@code /proc/<pid>/stat} (Linux). */
public final class CpuTime {

    /** Linux' USER_HZ, the unit of /proc's CPU times: 100 on every architecture the kernel's ABI keeps it for. */
    private static final long TICKS_PER_SECOND = 100;

    private CpuTime() {
    }

    /** Nanoseconds of CPU (10 ms resolution), or -1 when the process is gone or /proc cannot be read. */
    public static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // after the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
