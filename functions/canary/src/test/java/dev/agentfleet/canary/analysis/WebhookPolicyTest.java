package dev.agentfleet.canary.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.agentfleet.canary.rollout.Phase;
import dev.agentfleet.canary.rollout.Rollout;

/**
 * Where webhooks may point, against a real HTTP server on loopback: a host off the allow-list, a private, loopback or
 * link-local address, a URL with credentials or another scheme is refused before any request is sent; a redirect is
 * not followed and fails the check.
 */
class WebhookPolicyTest {

    private HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger redirectedPosts = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            posts.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/target");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/target", exchange -> {
            redirectedPosts.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static Rollout rollout() {
        Instant now = Instant.now();
        return new Rollout("agentfleet", "weather", "weather-00001", "weather-00002", List.of(10, 50), Duration.ZERO, 3,
                Duration.ofMinutes(10), 0.99, Duration.ofMillis(500), null, Phase.PROGRESSING, 0, 0, 0, null, now, now, null, List.of());
    }

    @Test
    void anAllowedHostIsCalledOnlyWherePrivateAddressesAreAllowed() {
        Webhooks inCluster = new Webhooks(new ObjectMapper(), new WebhookPolicy(List.of("127.0.0.1"), true));
        assertThat(inCluster.check(url("/ok"), "step", rollout())).isNull();
        assertThat(posts).hasValue(1);

        Webhooks publicOnly = new Webhooks(new ObjectMapper(), new WebhookPolicy(List.of("127.0.0.1"), false));
        assertThat(publicOnly.check(url("/ok"), "step", rollout())).contains("refused").contains("127.0.0.1");
        assertThat(posts).as("nothing sent to a refused URL").hasValue(1);
    }

    @Test
    void aRedirectIsNotFollowedAndFailsTheCheck() {
        Webhooks webhooks = new Webhooks(new ObjectMapper(), new WebhookPolicy(List.of("127.0.0.1"), true));
        assertThat(webhooks.check(url("/moved"), "step", rollout())).isEqualTo("step webhook answered 307");
        assertThat(redirectedPosts).hasValue(0);
    }

    @Test
    void urlsOutsideThePolicyAreRefusedWithAReason() {
        WebhookPolicy none = new WebhookPolicy(List.of(), true);
        assertThat(none.refusal(url("/ok"))).contains("not in agentfleet.canary.webhooks.allowed-hosts").contains("webhooks are off");

        WebhookPolicy policy = new WebhookPolicy(List.of("*.checks.example", "127.0.0.1", "169.254.169.254", "localhost"), false);
        assertThat(policy.refusal("http://evil.example/hook")).contains("not in agentfleet.canary.webhooks.allowed-hosts");
        assertThat(policy.refusal("http://checks.example.evil.example/hook")).contains("not in");
        assertThat(policy.refusal("http://169.254.169.254/computeMetadata/v1/")).contains("link-local");
        assertThat(policy.refusal("http://localhost:8080/")).contains("loopback");
        assertThat(policy.refusal("http://user:secret@127.0.0.1/")).contains("no user info");
        assertThat(policy.refusal("file:///etc/passwd")).contains("http or https");
        assertThat(policy.refusal("gopher://127.0.0.1/")).contains("http or https");
        assertThat(policy.refusal("http://nonexistent.checks.example/hook")).contains("does not resolve");
        assertThat(policy.refusal("not a url at all")).isNotNull();

        WebhookPolicy inCluster = new WebhookPolicy(List.of("169.254.169.254"), true);
        assertThat(inCluster.refusal("http://169.254.169.254/")).as("the metadata server, even where private addresses are allowed")
                .contains("link-local");
    }
}
