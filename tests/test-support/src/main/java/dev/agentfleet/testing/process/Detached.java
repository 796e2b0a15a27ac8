package dev.agentfleet.testing.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starting processes that outlive the launcher: {@code ./fleet up} returns while the fleet keeps running. */
public final class Detached {

    private Detached() {
    }

    /**
     * The command prefix that puts a process in its own session, so closing the terminal does not hang it up:
     * {@code setsid} where the system has it (it execs in place, so the PID stays the child's), nothing otherwise.
     */
    public static List<String> prefix() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, "setsid"))) {
                return List.of(Path.of(dir, "setsid").toString());
            }
        }
        return List.of();
    }
}
