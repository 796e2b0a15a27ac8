package dev.agentfleet.coordinator.invoke;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.coordinator.CoordinatorConfig;

/**
 * Where each capability function is reached. A function {@code <service>/<function>} is served by the Knative Service
 * {@code <service>}: its URL is {@code agentfleet.coordinator.function-urls.<service>} when set, otherwise the pattern
 * {@code agentfleet.coordinator.function-url-pattern} with {@code {service}} replaced (by default the cluster-local
 * Knative address). The CloudEvent type is {@code dev.agentfleet.<function>}, which the function's trigger matches.
 */
@ApplicationScoped
public class FunctionAddresses {

    /** A function's URL and the CloudEvent type it is triggered by. */
    public record Address(String url, String eventType, String host, int port, String path, boolean ssl) {

        /** Parsed once here rather than for every call. */
        static Address of(String url, String eventType) {
            java.net.URI uri = java.net.URI.create(url);
            boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return new Address(url, eventType, uri.getHost(), port, path, ssl);
        }
    }

    private final Map<String, String> urls;
    private final String pattern;
    private final Map<String, Address> cache = new ConcurrentHashMap<>();

    FunctionAddresses(CoordinatorConfig config) {
        this.urls = config.functionUrls();
        this.pattern = config.functionUrlPattern();
    }

    public Address of(String function) {
        return cache.computeIfAbsent(function, f -> {
            int slash = f.indexOf('/');
            String service = f.substring(0, slash);
            String name = f.substring(slash + 1);
            String base = urls.getOrDefault(service, pattern.replace("{service}", service));
            return Address.of(base.endsWith("/") ? base : base + "/", "dev.agentfleet." + name);
        });
    }
}
