package dev.agentfleet.sdk.redis;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

import io.vertx.core.http.ConnectionPoolTooBusyException;

/**
 * Tells a Redis outage or a saturated connection pool (worth retrying: 503 with Retry-After) from a bug (500), for
 * the functions and the coordinator alike.
 */
public final class RedisFailures {

    private RedisFailures() {
    }

    /** True when the failure, or one of its causes, means Redis could not be reached or its pool is full. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectionPoolTooBusyException || t instanceof ConnectException
                    || t instanceof ClosedChannelException) {
                return true;
            }
            // Vert.x Redis reports a dropped connection as a stackless throwable with only this message.
            String message = t.getMessage();
            if (message != null && (message.startsWith("Connection is closed") || message.startsWith("Connection refused"))) {
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
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
