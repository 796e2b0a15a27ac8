package dev.agentfleet.coordinator.invoke;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.CoordinatorConfig;
import dev.agentfleet.sdk.sender.SenderTokenFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;

/**
 * The coordinator's way out to the Broker: {@code K_SINK}, which a SinkBinding sets (with {@code K_CA_CERTS} under
 * Eventing's transport encryption). Posts one binary-mode CloudEvent and answers the sink's HTTP status; the caller
 * decides what a status means. Carries the coordinator's sender token for the sink's audience when one is mounted.
 */
@ApplicationScoped
public class EventSink {

    private final Optional<String> sink;
    private final Vertx vertx;
    private final SenderTokenFile token;
    private final Optional<String> caCerts;
    private volatile HttpClient client;

    EventSink(CoordinatorConfig config, Vertx vertx) {
        this.sink = config.sink().filter(s -> !s.isBlank());
        this.token = config.senderTokens().sink().map(SenderTokenFile::new).orElse(null);
        this.caCerts = config.sinkCaCerts().filter(s -> !s.isBlank());
        this.vertx = vertx;
    }

    public boolean enabled() {
        return sink.isPresent();
    }

    /**
     * Posts a binary-mode CloudEvent: {@code headers} are the {@code ce-*} attributes (and {@code traceparent}),
     * {@code body} its data with {@code contentType}. Completes with the sink's status, fails when it cannot be reached.
     */
    public Future<Integer> post(Map<String, String> headers, String contentType, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(sink.orElseThrow())
                .setIdleTimeout(10_000).putHeader("ce-specversion", "1.0");
        if (contentType != null) {
            options.putHeader("content-type", contentType);
        }
        headers.forEach(options::putHeader);
        String authorization = token == null ? null : token.authorization();
        if (authorization != null) {
            options.putHeader("authorization", authorization);
        }
        return client().request(options).compose(r -> r.send(body)).map(response -> response.statusCode());
    }

    private HttpClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    HttpClientOptions options = new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true).setMaxPoolSize(16);
                    // An https sink's certificate is checked, host name included, against K_CA_CERTS when given.
                    caCerts.ifPresent(pem -> options.setVerifyHost(true).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem))));
                    client = vertx.createHttpClient(options);
                }
            }
        }
        return client;
    }
}
