package dev.agentfleet.testing.redis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code CLUSTER NODES} as one node sees it, parsed: who is a primary, who replicates whom, who serves which slot. What
 * {@link RedisCluster} waits on and aims its faults with.
 */
record ClusterNodes(List<Entry> entries) {

    /** One line: a node's id, client port, flags, primary's id (or "-") and owned slot ranges. */
    record Entry(String id, int port, String flags, String primaryId, List<String> slots) {

        boolean servesSlots() {
            return flags.contains("master") && !flags.contains("fail") && !slots.isEmpty();
        }

        boolean liveReplica() {
            return flags.contains("slave") && !flags.contains("fail");
        }

        boolean serves(int slot) {
            for (String range : slots) {
                if (range.startsWith("[")) {
                    continue; // a "[slot->-node]" migration marker, not an owned range
                }
                String[] bounds = range.split("-");
                int low = Integer.parseInt(bounds[0]);
                int high = bounds.length > 1 ? Integer.parseInt(bounds[1]) : low;
                if (slot >= low && slot <= high) {
                    return true;
                }
            }
            return false;
        }
    }

    static ClusterNodes parse(String clusterNodesOutput) {
        List<Entry> entries = new ArrayList<>();
        for (String line : clusterNodesOutput.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1).replaceAll("[@,].*", ""));
            entries.add(new Entry(f[0], port, f[2], f[3], List.copyOf(Arrays.asList(f).subList(8, f.length))));
        }
        return new ClusterNodes(List.copyOf(entries));
    }

    List<Integer> primaryPorts() {
        return entries.stream().filter(Entry::servesSlots).map(Entry::port).toList();
    }

    long primaries() {
        return entries.stream().filter(Entry::servesSlots).count();
    }

    long liveReplicas() {
        return entries.stream().filter(Entry::liveReplica).count();
    }

    List<Integer> replicaPorts(int primaryPort) {
        String id = entries.stream().filter(e -> e.port() == primaryPort).map(Entry::id).findFirst().orElse("?");
        return entries.stream().filter(e -> e.liveReplica() && e.primaryId().equals(id)).map(Entry::port).toList();
    }

    int ownerOf(int slot) {
        return entries.stream().filter(e -> e.servesSlots() && e.serves(slot)).map(Entry::port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no primary serves slot " + slot));
    }
}
