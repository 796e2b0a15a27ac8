package dev.agentfleet.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** A run id names its partition exactly as the specification below says, whatever else a caller sends as an id. */
class RedisKeysTest {

    /** The specification: {@code r<1-4 digits>-<lower-case UUID>}, the partition below the configured count. */
    private static final Pattern RUN_ID = Pattern.compile("r(\\d{1,4})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final RedisKeys keys = new RedisKeys("agentfleet", 64);

    private int specified(String id) {
        Matcher m = id == null ? null : RUN_ID.matcher(id);
        if (m == null || !m.matches()) {
            return -1;
        }
        int p = Integer.parseInt(m.group(1));
        return p < keys.partitions() ? p : -1;
    }

    @Test
    void newIdsNameTheirPartition() {
        for (int p = 0; p < keys.partitions(); p++) {
            assertThat(keys.partitionOf(keys.newRunId(p))).isEqualTo(p);
        }
        assertThat(new RedisKeys("agentfleet", 10_000).partitionOf("r9999-" + UUID.randomUUID())).isEqualTo(9999);
    }

    @Test
    void everyMutationOfAnIdIsReadAsTheSpecificationReadsIt() {
        SplittableRandom random = new SplittableRandom(22);
        char[] alphabet = "0123456789abcdefgAFr- \u00e9\u0000".toCharArray();
        List<String> ids = new ArrayList<>(List.of("", "r", "r-", "r1-", "R1-" + UUID.randomUUID(), "r007-" + UUID.randomUUID(),
                "r64-" + UUID.randomUUID(), "r63-" + UUID.randomUUID(), "r12345-" + UUID.randomUUID(),
                "r1-" + UUID.randomUUID().toString().toUpperCase(), "r1-" + UUID.randomUUID() + "0"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder(keys.newRunId(random.nextInt(80)));
            int at = random.nextInt(id.length());
            switch (random.nextInt(3)) {
                case 0 -> id.setCharAt(at, alphabet[random.nextInt(alphabet.length)]);
                case 1 -> id.insert(at, alphabet[random.nextInt(alphabet.length)]);
                default -> id.deleteCharAt(at);
            }
            ids.add(id.toString());
        }
        for (String id : ids) {
            assertThat(keys.partitionOf(id)).as("'%s'", id).isEqualTo(specified(id));
        }
        assertThat(keys.partitionOf(null)).isEqualTo(-1);
    }
}
