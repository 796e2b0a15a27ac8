package dev.agentfleet.testing.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;

/**
 * The bad-input answers every agentfleet function owes (agent-sdk's error model), checked over real HTTP against the
 * application under test. Function tests call these instead of repeating them.
 */
public final class BadInputChecks {

    /** Above agent-sdk's default {@code quarkus.http.limits.max-body-size} of 1M. */
    private static final int OVERSIZED = 1_100_000;

    private BadInputChecks() {
    }

    /** {@code truncatedJson} posted to {@code path} is a 400 malformed-json problem. */
    public static void malformedJsonIs400(String path, String truncatedJson) {
        given().contentType("application/json").body(truncatedJson)
                .when().post(path)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:malformed-json"));
    }

    /** A body over the configured limit posted to {@code path} is a 413 payload-too-large problem. */
    public static void bodyOverTheLimitIs413(String path) {
        given().contentType("application/json").body("{\"pad\": \"" + "x".repeat(OVERSIZED) + "\"}")
                .when().post(path)
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:payload-too-large"));
    }

    /**
     * A large multipart body (which Vert.x' body handler tries to decode as a form) posted to {@code path}, and a
     * structured CloudEvent that is JSON {@code null} posted to the root, are 4xx problems, not 500s.
     */
    public static void formAndNullEventBodiesAreRejected(String path) {
        given().contentType("multipart/form-data; boundary=x").body("[".repeat(10_000).getBytes())
                .when().post(path)
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:unsupported-media-type"));
        given().contentType("application/cloudevents+json").body("null")
                .when().post("/")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:agentfleet:problem:bad-request"));
    }

    /**
     * A chunked body that stalls after its first bytes is answered 408 (a request-timeout problem) and its connection
     * closed, instead of being held open: checked over a raw socket, waiting far longer than {@code bodyTimeout}.
     */
    public static void stalledBodyIs408(String path, Duration bodyTimeout) {
        try (Socket socket = connect()) {
            socket.setSoTimeout((int) bodyTimeout.multipliedBy(5).plusSeconds(20).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readUntilClosed(socket.getInputStream());
            if (!answer.startsWith("HTTP/1.1 408") || !answer.contains("urn:agentfleet:problem:request-timeout")) {
                throw new AssertionError("a stalled body to " + path + " was answered: " + answer);
            }
        } catch (IOException e) {
            throw new AssertionError("a stalled body to " + path + " got no answer before the connection ended: " + e, e);
        }
    }

    /**
     * A chunked body streamed on past the body limit is answered 413 and its connection closed near the limit: the
     * server does not read (and discard) whatever the client keeps sending. The client stops after 64 MB.
     */
    public static void streamOverTheLimitIsCut(String path) {
        long limit = 64L << 20;
        try (Socket socket = connect()) {
            socket.setSendBufferSize(64 * 1024);
            socket.setSoTimeout(60_000);
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return readUntilClosed(socket.getInputStream());
                } catch (IOException e) {
                    return "(read failed: " + e.getMessage() + ")";
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try {
                while (sent < limit && !answer.isDone()) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException closedByServer) {
                // what should happen: the server closed the connection after its 413
            }
            String reply = answer.get(60, TimeUnit.SECONDS);
            if (!reply.startsWith("HTTP/1.1 413")) {
                throw new AssertionError("a stream over the limit to " + path + " was answered: " + reply);
            }
            if (sent >= limit) {
                throw new AssertionError("the server went on reading a body over the limit: " + sent + " bytes sent");
            }
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a stream over the limit to " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 5_000);
        return socket;
    }

    /** Everything the server sends until it closes the connection (a reset after its answer counts as closed). */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) != -1) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            if (all.size() == 0) {
                throw reset;
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
