package dev.agentfleet.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The harness itself: a TLS cluster with an ACL user comes up, fails over, rotates the user's password and moves a
 * chosen slot with its keys.
 */
class RedisClusterTest {

    @Test
    void aTlsClusterServesEverySlotFailsOverAndRotatesItsUsersPassword() {
        try (RedisCluster cluster = RedisCluster.builder().start()) {
            assertThat(cluster.primaryPorts()).hasSize(3);
            assertThat(cluster.hosts()).startsWith("rediss://127.0.0.1:");
            int primary = cluster.primaryPorts().get(0);
            int promoted = cluster.failover(primary);
            assertThat(cluster.primaryPorts()).contains(promoted).doesNotContain(primary);

            String first = cluster.password();
            assertThat(cluster.commandOn(promoted, "ACL", "DRYRUN", cluster.user(), "GET", "k")).isEqualTo("OK");
            cluster.rotatePassword("second");
            assertThat(cluster.password()).isEqualTo("second");
            assertThat(cluster.commandOn(promoted, "ACL", "GETUSER", cluster.user())).doesNotContain(first);

            // One chosen slot moves, keys and all
            for (int i = 0; i < 25; i++) {
                cluster.command("SET", "{moving}:" + i, "v" + i);
            }
            int slot = cluster.slotOf("{moving}");
            int from = cluster.ownerOf(slot);
            int to = cluster.primaryPorts().stream().filter(p -> p != from).findFirst().orElseThrow();
            cluster.moveSlot(slot, to, 10, java.time.Duration.ofMillis(10));
            assertThat(cluster.ownerOf(slot)).isEqualTo(to);
            assertThat(cluster.commandOn(to, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))).isEqualTo("25");
            assertThat(cluster.command("GET", "{moving}:24")).isEqualTo("v24");
        }
    }
}
