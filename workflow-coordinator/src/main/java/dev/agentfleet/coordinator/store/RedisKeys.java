package dev.agentfleet.coordinator.store;

import java.util.UUID;
import java.util.zip.CRC32;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.sdk.config.AgentSdkConfig;

/**
 * Every Redis key the coordinator uses, built here and nowhere else: {@code <prefix>:{<hash tag>}:<name>}, the prefix
 * {@code agentfleet.sdk.key-prefix}. Runs are spread over a fixed number of partitions; every key of a partition, and so
 * every key of each of its runs, carries the partition's hash tag {@code {wf-<p>}}, so each Lua script touches one
 * Redis Cluster slot. A run id names its partition: {@code r<p>-<uuid>}. Definitions share the tag {@code {wf-def}}.
 */
@Singleton
public final class RedisKeys {

    private static final int UUID_LENGTH = 36;

    private final String prefix;
    private final int partitions;

    @Inject
    RedisKeys(AgentSdkConfig sdk, CoordinatorConfig config) {
        this(sdk.keyPrefix(), config.engine().partitions());
    }

    public RedisKeys(String prefix, int partitions) {
        this.prefix = prefix;
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    public String newRunId(int partition) {
        return "r" + partition + "-" + UUID.randomUUID();
    }

    /**
     * The partition of a well-formed run id ({@code r<1-4 digits>-<lower-case UUID>}), or -1 for anything else (which
     * then is simply not found). Read character by character: every key of every commit goes through here, and a
     * regular expression was 2 % of the engine's CPU (RedisKeysTest holds the expression as the specification).
     */
    public int partitionOf(String runId) {
        if (runId == null || runId.length() < 39 || runId.length() > 42 || runId.charAt(0) != 'r') {
            return -1;
        }
        int dash = runId.length() - UUID_LENGTH - 1;
        if (runId.charAt(dash) != '-') {
            return -1;
        }
        int p = 0;
        for (int i = 1; i < dash; i++) {
            char c = runId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            p = p * 10 + (c - '0');
        }
        for (int k = 0; k < UUID_LENGTH; k++) {
            char c = runId.charAt(dash + 1 + k);
            boolean hyphen = k == 8 || k == 13 || k == 18 || k == 23;
            if (hyphen ? c != '-' : (c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return -1;
            }
        }
        return p < partitions ? p : -1;
    }

    /**
     * The partition a start's idempotency key lives in, so the key and its run share a slot. Keys are scoped to who
     * started the run: the same key from two subjects names two runs.
     */
    public int partitionOfKey(String startedBy, String idempotencyKey) {
        CRC32 crc = new CRC32();
        crc.update(scoped(startedBy, idempotencyKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /**
     * A start's idempotency record. Runs started before keys were scoped (no {@code startedBy}) keep the unscoped key,
     * so their records still expire with them.
     */
    public String idempotency(int partition, String startedBy, String key) {
        return base(partition) + "start:" + scoped(startedBy, key);
    }

    /** The subject as a fixed-length digest (any characters, any length) in front of the key. */
    private static String scoped(String startedBy, String key) {
        return startedBy == null ? key : dev.agentfleet.sdk.text.Digests.sha256Hex(startedBy).substring(0, 32) + ":" + key;
    }

    private String base(int partition) {
        return prefix + ":{wf-" + partition + "}:";
    }

    public String run(String runId) {
        return base(partitionOf(runId)) + "run:" + runId;
    }

    /** The items of a run's map steps ({@code i:<step>:<index>} the item, {@code m:<step>:<index>} its state). */
    public String items(String runId) {
        return base(partitionOf(runId)) + "items:" + runId;
    }

    public String events(String runId) {
        return base(partitionOf(runId)) + "events:" + runId;
    }

    public String lease(int partition) {
        return base(partition) + "lease";
    }

    /** The region epoch of the partition's last owner (a failover's newer epoch takes the partition over). */
    public String epoch(int partition) {
        return base(partition) + "epoch";
    }

    /** Which region drives the runs, and its epoch. */
    public String region() {
        return prefix + ":{wf-region}";
    }

    public String fence(int partition) {
        return base(partition) + "fence";
    }

    public String active(int partition) {
        return base(partition) + "active";
    }

    public String index(int partition) {
        return base(partition) + "index";
    }

    public String expiring(int partition) {
        return base(partition) + "expiring";
    }

    /** Hash: how many retained runs of the partition are in each status (kept by the start, commit and sweep scripts). */
    public String counts(int partition) {
        return base(partition) + "counts";
    }

    /** Hash: run id to final status of the partition's retired runs, until the sweep takes them out of the counts. */
    public String retired(int partition) {
        return base(partition) + "retired";
    }

    public String inbox(int partition) {
        return base(partition) + "inbox";
    }

    /** Runs set aside because they cannot be read or resumed (zset by time), {@code run_quarantine.lua}. */
    public String quarantine(int partition) {
        return base(partition) + "quarantine";
    }

    /**
     * The partition's control list: runs someone asked something of (cancel, pause, resume, a signal), for the owner to
     * read again. Named for the first request it carried; the name stays so stored lists carry on.
     */
    public String cancels(int partition) {
        return base(partition) + "cancels";
    }

    public String replicas() {
        return prefix + ":{wf-replicas}";
    }

    /** How many partitions each live replica owns (its last heartbeat's); the same slot as {@link #replicas()}. */
    public String replicaShares() {
        return prefix + ":{wf-replicas}:shares";
    }

    public String breaker(String function) {
        return prefix + ":{wf-breaker:" + function + "}";
    }

    public String audit() {
        return prefix + ":{wf-audit}";
    }

    /** A subject's start-rate bucket: its own slot (a digest of the subject), so busy subjects spread over a cluster. */
    public String startRate(String subject) {
        return prefix + ":{wf-rate-" + dev.agentfleet.sdk.text.Digests.sha256Hex(subject).substring(0, 32) + "}";
    }

    /** Events the broker could not deliver (a stream). */
    public String deadLetters() {
        return prefix + ":{wf-dead-letters}";
    }

    /** Hash: dead-letter entry id to its replay (who, when, the Broker's answer); the stream's slot. */
    public String deadLetterReplays() {
        return deadLetters() + ":replays";
    }

    // ---- definitions: one slot, {wf-def} ------------------------------------------------------------------------------

    private String definitions() {
        return prefix + ":{wf-def}:";
    }

    /** Hash: workflow name -> latest registered version. */
    public String definitionNames() {
        return definitions() + "names";
    }

    /** Hash: version -> content hash, for one workflow name. */
    public String definitionVersions(String name) {
        return definitions() + "versions:" + name;
    }

    /** String: the canonical JSON of a content hash. */
    public String definitionBody(String hash) {
        return definitions() + "body:" + hash;
    }

    /** Hash: content hash -> registration time (epoch ms). */
    public String definitionTimes() {
        return definitions() + "registered";
    }
}
