package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisCluster;
import dev.agentfleet.testing.redis.RedisServer;
import dev.agentfleet.testing.redis.TestRedis;
import dev.agentfleet.testing.tls.TestCertificates;

/**
 * The packaged coordinator started against Redis with one setting wrong: it keeps running, stays unready, and says which
 * setting in its readiness answer and in one log line (not again at every probe), with no stack traces: cluster mode
 * against a standalone server and the reverse, plain TCP to a TLS cluster, TLS without the cluster's CA, hostname
 * verification set to NONE (which Quarkus 3.32 turns into a failing handshake), a refused password (an expired or wrong
 * token). No crash loop hides the cause.
 */
class RedisMisconfigurationIT {

    private static final TestFunctions FUNCTIONS = new TestFunctions();
    private static Map<String, String> functionConfig;
    private static RedisServer standalone;
    private static RedisCluster cluster;

    @BeforeAll
    static void start() {
        functionConfig = FUNCTIONS.start();
        standalone = RedisServer.builder().start();
        cluster = RedisCluster.builder().replicas(0).start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        standalone.close();
        FUNCTIONS.stop();
    }

    @Test
    void clusterModeAgainstAStandaloneServer() {
        assertUnreadyNaming(standalone, Map.of("quarkus.redis.client-type", "cluster"), "quarkus.redis.client-type is cluster");
    }

    @Test
    void standaloneModeAgainstACluster() {
        assertUnreadyNaming(cluster, Map.of("quarkus.redis.client-type", "standalone", "quarkus.redis.hosts",
                cluster.hosts().split(",")[0]), "quarkus.redis.client-type is standalone");
    }

    @Test
    void plainTcpToATlsCluster() {
        assertUnreadyNaming(cluster, Map.of("quarkus.redis.hosts", cluster.hosts().replace("rediss://", "redis://")),
                "is it a TLS server spoken to without TLS");
    }

    @Test
    void tlsWithoutTheClustersAuthority() {
        assertUnreadyNaming(cluster, Map.of("quarkus.tls.agentfleet-test-redis.trust-store.pem.certs", emptyTrust().toString()),
                "TLS to Redis failed");
    }

    @Test
    void hostnameVerificationSetToNone() {
        assertUnreadyNaming(cluster, Map.of("quarkus.tls.agentfleet-test-redis.hostname-verification-algorithm", "NONE"),
                "hostname-verification-algorithm=NONE breaks every TLS handshake");
    }

    @Test
    void aRefusedPassword() throws IOException {
        Path wrong = Files.writeString(Files.createTempFile("redis-token-", ".txt"), "not-the-token");
        assertUnreadyNaming(cluster, Map.of("agentfleet.sdk.redis.auth.file", wrong.toString()), "Redis refused the credentials");
    }

    private static void assertUnreadyNaming(TestRedis redis, Map<String, String> wrong, String naming) {
        String name = new Throwable().getStackTrace()[1].getMethodName();
        PackagedCoordinator coordinator = new PackagedCoordinator(redis, functionConfig, Duration.ofSeconds(5),
                Path.of("target", "misconfiguration-it", name), wrong).launch();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> given().baseUri(coordinator.managementUrl()).get("/q/health/ready").then().extract().asString().contains(naming));
            for (int i = 0; i < 5; i++) { // probes, as Kubernetes would send them
                given().baseUri(coordinator.managementUrl()).get("/q/health/ready").then().statusCode(503);
            }
            Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            assertThat(coordinator.alive()).as("the coordinator keeps running, unready").isTrue();
            List<String> log = Files.readAllLines(coordinator.log());
            assertThat(log.stream().filter(l -> l.contains(naming)).count()).as("lines naming %s in %s", naming, coordinator.log())
                    .isEqualTo(1);
            assertThat(log.stream().filter(l -> l.startsWith("\tat ")).toList()).as("stack trace lines in %s", coordinator.log())
                    .isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            coordinator.stop();
        }
    }

    /** A PEM file with a certificate that signed nothing of the cluster's. */
    private static Path emptyTrust() {
        try {
            return TestCertificates.generate(Files.createTempDirectory("other-ca-")).authority();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
