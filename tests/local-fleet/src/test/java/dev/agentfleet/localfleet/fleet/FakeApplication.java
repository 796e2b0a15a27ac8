package dev.agentfleet.localfleet.fleet;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a packaged Quarkus application in the launcher's tests: listens on {@code quarkus.http.port} and,
 * on its management port ({@code quarkus.management.port}), answers {@code /q/health/ready} with 503 until {@code ready-after-ms} (a file beside its jar) has passed, then 200.
 * A large value keeps the launcher waiting, so a test can interrupt or kill it mid-start. {@code /redis} answers the
 * Redis settings it was started with.
 */
public final class FakeApplication {

    private FakeApplication() {
    }

    public static void main(String[] args) throws IOException, java.net.URISyntaxException {
        int port = Integer.getInteger("quarkus.http.port");
        Path jar = Path.of(FakeApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path delayFile = jar.resolveSibling("ready-after-ms");
        long readyAt = System.currentTimeMillis() + (Files.exists(delayFile) ? Long.parseLong(Files.readString(delayFile).trim()) : 0);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        HttpServer management = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("quarkus.management.port")), 0);
        management.createContext("/q/health/ready", exchange -> {
            int status = System.currentTimeMillis() >= readyAt ? 200 : 503;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/redis", exchange -> { // how the launcher told it to reach Redis
            StringBuilder said = new StringBuilder();
            System.getProperties().forEach((k, v) -> {
                if (k.toString().startsWith("quarkus.redis.") || k.toString().startsWith("agentfleet.sdk.redis.")) {
                    said.append(k).append('=').append(v).append('\n');
                }
            });
            byte[] body = said.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        management.start();
    }
}
