package dev.agentfleet.coordinator.engine;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.agentfleet.coordinator.testing.PackagedCoordinator;
import dev.agentfleet.coordinator.testing.TestFunctions;
import dev.agentfleet.testing.redis.RedisCluster;
import io.restassured.http.ContentType;

/**
 * The production Redis configuration, end to end: the packaged coordinator gets the region overlays' settings
 * ({@code knative/components/memorystore/memorystore.env}) as environment variables, as its pod would: cluster client,
 * TLS trusting the cluster's CA with hostname verification, and {@code agentfleet.sdk.redis.auth.source=google}. It
 * finds its credentials as on GKE with Workload Identity (Google's auth library asks the metadata server, here a local
 * one named by {@code GCE_METADATA_HOST} that hands out short-lived tokens), and authenticates to a TLS Redis Cluster
 * that accepts the current token as the password. The token is then rotated: the metadata server hands out a new one,
 * the cluster revokes the old and drops every connection, and new connections authenticate with the new token, so runs
 * keep finishing. No token reaches the log.
 */
class RedisGoogleTokenIT {

    private static final Path PRODUCTION_SETTINGS = Path.of("..", "knative", "components", "memorystore", "memorystore.env");
    private static final String CA_SETTING = "QUARKUS_TLS_MEMORYSTORE_TRUST_STORE_PEM_CERTS";

    @Test
    void connectionsAuthenticateWithTheCurrentServiceAccountToken() throws Exception {
        MetadataServer metadata = new MetadataServer("ya29.first-" + System.nanoTime());
        TestFunctions functions = new TestFunctions();
        try (RedisCluster cluster = RedisCluster.builder().replicas(0).user("default", metadata.token()).start()) {
            Map<String, String> functionConfig = functions.start();
            // The region overlays' settings, as the pods get them (environment variables), with the mounted CA's path
            // pointed at the local cluster's and REDIS_URL at one of its nodes, as the Secret agentfleet-redis has it
            Map<String, String> environment = new HashMap<>(productionEnvironment());
            environment.put(CA_SETTING, cluster.authority().toAbsolutePath().toString());
            environment.put("REDIS_URL", cluster.hosts().split(",")[0]);
            environment.put("AGENTFLEET_SDK_REDIS_AUTH_REFRESH", "PT1S");
            environment.put("GCE_METADATA_HOST", "127.0.0.1:" + metadata.port());
            environment.put("CLOUDSDK_CONFIG", Files.createTempDirectory("no-gcloud-").toString()); // no developer credentials
            environment.put("GOOGLE_APPLICATION_CREDENTIALS", null);
            PackagedCoordinator coordinator = new PackagedCoordinator(Map.of(), functionConfig, Duration.ofSeconds(5),
                    Path.of("target", "google-token-it"), Map.of()).environment(environment).start();
            try {
                coordinator.register(PackagedCoordinator.chain("token-chain", 3, 10));
                awaitSucceeded(coordinator, start(coordinator));
                String first = metadata.token();

                String second = "ya29.second-" + System.nanoTime();
                metadata.token(second);
                cluster.addPassword(second);
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> metadata.served(second) > 0);
                Thread.sleep(1500); // a refresh after the one that fetched it, so the client holds the new token
                cluster.revokePassword(first);
                cluster.nodes().forEach(n -> cluster.commandOn(n.port(), "CLIENT", "KILL", "TYPE", "normal"));

                // A start racing the killed connections may answer 503 + Retry-After, as a client is told to retry; with
                // the revoked token no connection could authenticate, and the starts would keep failing.
                String[] afterRotation = new String[1];
                Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    io.restassured.response.Response r = given().baseUri(coordinator.url()).header("Authorization", coordinator.token())
                            .contentType(ContentType.JSON).body("{\"workflow\": \"token-chain\", \"input\": {\"n\": 0}}")
                            .post("/workflows/runs");
                    assertThat(r.statusCode()).as(r.asString()).isIn(202, 503);
                    afterRotation[0] = r.statusCode() == 202 ? r.path("id") : null;
                    return afterRotation[0] != null;
                });
                awaitSucceeded(coordinator, afterRotation[0]);
                given().baseUri(coordinator.managementUrl()).get("/q/health/ready").then().statusCode(200);
                String log = Files.readString(coordinator.log());
                assertThat(log).doesNotContain(first).doesNotContain(second);
                System.out.printf("google token path: %d token requests served by the metadata server%n", metadata.requests.get());
            } finally {
                coordinator.stop();
            }
        } finally {
            functions.stop();
            metadata.stop();
        }
    }

    /** The region overlays' Redis settings: knative/components/memorystore/memorystore.env. */
    private static Map<String, String> productionEnvironment() throws IOException {
        Map<String, String> settings = new HashMap<>();
        for (String line : Files.readAllLines(PRODUCTION_SETTINGS)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                settings.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(settings).containsKey(CA_SETTING).containsEntry("AGENTFLEET_SDK_REDIS_AUTH_SOURCE", "google");
        return settings;
    }

    private static String start(PackagedCoordinator coordinator) {
        return given().baseUri(coordinator.url()).header("Authorization", coordinator.token()).contentType(ContentType.JSON)
                .body("{\"workflow\": \"token-chain\", \"input\": {\"n\": 0}}").post("/workflows/runs").then().statusCode(202)
                .extract().path("id");
    }

    private static void awaitSucceeded(PackagedCoordinator coordinator, String id) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .baseUri(coordinator.url()).header("Authorization", coordinator.token()).get("/workflows/runs/" + id).path("status"),
                "SUCCEEDED"::equals);
    }

    /**
     * What GKE's metadata server answers Google's auth library: {@code Metadata-Flavor: Google} on every answer, and at
     * the token path the current access token, valid for 2 s so the library asks again at every refresh.
     */
    private static final class MetadataServer {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();
        private final Map<String, AtomicInteger> servedByToken = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile String token;

        MetadataServer(String token) throws IOException {
            this.token = token;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().add("Metadata-Flavor", "Google");
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals("/computeMetadata/v1/instance/service-accounts/default/token")) {
                String current = token;
                requests.incrementAndGet();
                servedByToken.computeIfAbsent(current, t -> new AtomicInteger()).incrementAndGet();
                body = ("{\"access_token\":\"" + current + "\",\"expires_in\":2,\"token_type\":\"Bearer\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
            } else if (path.equals("/") || path.equals("/computeMetadata/v1/")) {
                body = new byte[0];
            } else {
                status = 404;
                body = new byte[0];
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String token() {
            return token;
        }

        void token(String next) {
            token = next;
        }

        int served(String t) {
            AtomicInteger n = servedByToken.get(t);
            return n == null ? 0 : n.get();
        }

        void stop() {
            server.stop(0);
        }
    }
}
