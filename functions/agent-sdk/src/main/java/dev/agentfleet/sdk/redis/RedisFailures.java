package dev.agentfleet.sdk.redis;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeoutException;

import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * Tells a Redis outage, a timeout, a cluster failing over or a saturated connection pool (worth retrying: 503 with Retry-After) from a bug (500), for
 * the functions and the coordinator alike.
 */
public final class RedisFailures {

    private static final List<String> TRANSIENT = List.of("Connection is closed", "Connection refused",
            "Failed to connect to all nodes of the cluster", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING",
            // A pooled cluster connection dropped under a command (a CLIENT KILL after a token rotation, a node killed).
            "CONNECTION_CLOSED",
            // A write reached a replica: a region standing by, or a primary demoted in a failover.
            "READONLY");

    private RedisFailures() {
    }

    /** True when the failure, or one of its causes, means Redis could not be reached or its pool is full. */
    public static boolean isUnavailable(Throwable failure) {
        // SocketException: a connection reset or broken under a command (a server killed, CLIENT KILL after a password
        // rotation); ConnectException is one of them. Vert.x Redis reports a dropped connection as a stackless
        // throwable with only a message; a cluster in the middle of a failover or a resharding answers with these
        // error prefixes.
        return anyCause(failure, t -> t instanceof ConnectionPoolTooBusyException || t instanceof SocketException
                || t instanceof ClosedChannelException || t instanceof TimeoutException
                || t instanceof io.smallrye.mutiny.TimeoutException
                || (t.getMessage() != null && TRANSIENT.stream().anyMatch(t.getMessage()::startsWith)));
    }

    /** True when a write was refused because the server is a read-only replica (a standby region's Redis). */
    public static boolean isReadOnlyReplica(Throwable failure) {
        return anyCause(failure, t -> t.getMessage() != null && t.getMessage().startsWith("READONLY"));
    }

    private static boolean anyCause(Throwable failure, java.util.function.Predicate<Throwable> test) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message, for a one-line log. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // The cluster client lists every node it failed to reach on lines of their own: one line here
        String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("\\s*\\R\\s*", "; ");
        return root.getClass().getSimpleName() + ": " + message;
    }
}
