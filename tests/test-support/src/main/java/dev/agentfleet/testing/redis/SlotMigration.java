package dev.agentfleet.testing.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves one hash slot from a primary to another the way Redis Cluster resharding does it (CLUSTER SETSLOT IMPORTING
 * and MIGRATING, MIGRATE in batches of keys, then SETSLOT NODE on every primary), with a pause between batches so the
 * clients using the slot meet what a real resharding shows them: ASK redirects, and TRYAGAIN for a multi-key command
 * whose keys are half moved. {@code redis-cli --cluster reshard} cannot be pointed at a given slot; a test that wants the
 * slot its runs live in needs this.
 */
final class SlotMigration {

    private final RedisCli cli;
    private final int batch;
    private final Duration pause;

    SlotMigration(RedisCli cli, int batch, Duration pause) {
        this.cli = cli;
        this.batch = batch;
        this.pause = pause;
    }

    /** Moves {@code slot} from the primary on {@code fromPort} to the one on {@code toPort}; {@code primaries}: all of them. */
    void move(int slot, int fromPort, int toPort, List<Integer> primaries) {
        String fromId = cli.run(fromPort, "CLUSTER", "MYID");
        String toId = cli.run(toPort, "CLUSTER", "MYID");
        String s = String.valueOf(slot);
        cli.run(toPort, "CLUSTER", "SETSLOT", s, "IMPORTING", fromId);
        cli.run(fromPort, "CLUSTER", "SETSLOT", s, "MIGRATING", toId);
        while (true) {
            String listed = cli.run(fromPort, "CLUSTER", "GETKEYSINSLOT", s, String.valueOf(batch));
            if (listed.isBlank()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", String.valueOf(toPort), "", "0", "10000",
                    "AUTH2", cli.user(), cli.password(), "KEYS"));
            migrate.addAll(List.of(listed.split("\\R")));
            cli.run(fromPort, migrate.toArray(String[]::new));
            Polling.sleep(pause);
        }
        // The target first, then the source, then everyone else: the order redis-cli uses, so no node points back.
        cli.run(toPort, "CLUSTER", "SETSLOT", s, "NODE", toId);
        cli.run(fromPort, "CLUSTER", "SETSLOT", s, "NODE", toId);
        primaries.stream().filter(p -> p != fromPort && p != toPort).forEach(p -> cli.run(p, "CLUSTER", "SETSLOT", s, "NODE", toId));
    }
}
