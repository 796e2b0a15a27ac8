package dev.agentfleet.coordinator.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The run console is static files under {@code META-INF/resources/console/} (and the webjars it loads) that read the
 * public JSON API with the user's bearer token (ADR 0012): the files hold no data and are served to anyone, every
 * datum behind them is the API's, with its roles. This only sends {@code /console} to {@code /console/}, where the
 * page's relative links resolve. The page's headers (a Content-Security-Policy that allows this origin's scripts
 * only, no framing) are set in application.properties.
 */
@ApplicationScoped
public class ConsoleRoutes {

    void routes(@Observes Router router) {
        // a pattern, since a route for "/console" also matches "/console/" (which would redirect to itself)
        router.routeWithRegex("^/console$").method(HttpMethod.GET).method(HttpMethod.HEAD).order(-1).handler(rc -> rc.redirect("/console/"));
    }
}
