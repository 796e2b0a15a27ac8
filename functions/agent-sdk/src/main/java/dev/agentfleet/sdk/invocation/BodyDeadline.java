package dev.agentfleet.sdk.invocation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.agentfleet.sdk.config.AgentSdkConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds how long a request body may take to arrive ({@code agentfleet.sdk.http.body-timeout}, 10 s): Quarkus' body
 * handler otherwise waits for a stalled (chunked) body as long as the connection lives, holding it for minutes. When
 * the deadline passes before the body's last byte, the request fails with 408, which {@link FunctionRoutes} answers as a
 * problem and then closes the connection. Installed first on the router, so it covers every route of the application
 * (the functions and the coordinator's API alike).
 */
@ApplicationScoped
public class BodyDeadline {

    /** The routing-context failure status that means the body did not arrive in time. */
    public static final int STATUS = 408;

    private final Vertx vertx;
    private final long timeoutMs;

    BodyDeadline(Vertx vertx, AgentSdkConfig config) {
        this.vertx = vertx;
        this.timeoutMs = config.http().bodyTimeout().toMillis();
    }

    void install(@Observes Router router) {
        // Armed before the body handler (Integer.MIN_VALUE + 1), which reads the body for every later route; disarmed
        // right after it, when the whole body is there: what the route then does, however long, is not timed here.
        router.route().order(Integer.MIN_VALUE).handler(this::arm);
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER + 1).handler(this::disarm);
    }

    void arm(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!request.isEnded()) {
            long timer = vertx.setTimer(timeoutMs, id -> {
                if (rc.get(TIMER) != null && !rc.response().ended() && !rc.failed()) {
                    rc.fail(STATUS);
                }
            });
            rc.put(TIMER, timer);
            rc.addEndHandler(done -> cancel(rc));
        }
        rc.next();
    }

    void disarm(RoutingContext rc) {
        cancel(rc);
        rc.next();
    }

    private void cancel(RoutingContext rc) {
        Long timer = rc.remove(TIMER);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    private static final String TIMER = "agentfleet.body-deadline";
}
