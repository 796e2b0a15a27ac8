package dev.agentfleet.canary.analysis;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agentfleet.canary.CanaryConfig;

/**
 * Which URLs the canary may POST a rollout to. Whoever starts a rollout names its webhooks, so without limits the
 * canary would send requests from inside the cluster wherever it is told (the metadata server, the Kubernetes API,
 * Redis): a webhook must be http(s) without credentials in it, its host on {@code agentfleet.canary.webhooks.allowed-hosts}
 * (exact names or {@code *.suffix}; none by default, so no webhooks), and every address the host resolves to public,
 * unless {@code allow-private-addresses} (for in-cluster webhooks: ClusterIPs are private). Loopback, link-local (the
 * metadata server, 169.254.169.254), unspecified and multicast addresses are refused either way. Redirects are not
 * followed (a 3xx fails the check), so an allowed host cannot send the POST elsewhere.
 *
 * <p>Left: a host on the list whose DNS changes between this check and the connection (rebinding); the list is the
 * operator's trust, and the check runs again before every call.
 */
@ApplicationScoped
public class WebhookPolicy {

    private final List<String> allowedHosts;
    private final boolean allowPrivate;

    @jakarta.inject.Inject
    WebhookPolicy(CanaryConfig config) {
        this(config.webhooks().allowedHosts().orElse(List.of()), config.webhooks().allowPrivateAddresses());
    }

    WebhookPolicy(List<String> allowedHosts, boolean allowPrivate) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
        this.allowPrivate = allowPrivate;
    }

    /** Null when the canary may call the URL, else why not (for a field error). */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return "must be an http or https URL with a host and no user info";
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!allowed(host)) {
            return "names host " + host + ", which is not in agentfleet.canary.webhooks.allowed-hosts"
                    + (allowedHosts.isEmpty() ? " (empty: webhooks are off)" : " " + allowedHosts);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return "names host " + host + ", which does not resolve";
        }
        for (InetAddress address : addresses) {
            // Link-local (the metadata server), unspecified and multicast never; loopback only where private addresses are.
            boolean neverAllowed = address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress();
            if (neverAllowed || (address.isLoopbackAddress() && !allowPrivate)) {
                return "resolves to " + address.getHostAddress() + ", a loopback, link-local, unspecified or multicast address";
            }
            if (!allowPrivate && isPrivate(address)) {
                return "resolves to " + address.getHostAddress()
                        + ", a private address (agentfleet.canary.webhooks.allow-private-addresses is false)";
            }
        }
        return null;
    }

    private boolean allowed(String host) {
        for (String entry : allowedHosts) {
            if (entry.startsWith("*.") ? host.endsWith(entry.substring(1)) : host.equals(entry)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 1918, carrier-grade NAT (100.64/10), IPv6 unique local (fc00::/7), and loopback. */
    private static boolean isPrivate(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isSiteLocalAddress() || address.isLoopbackAddress()) {
            return true;
        }
        if (address instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc;
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
