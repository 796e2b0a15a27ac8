package dev.agentfleet.sdk.redis;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Readiness of the Redis connection, saying which setting is wrong when one is: cluster mode against a standalone
 * server or the reverse ({@code quarkus.redis.client-type}), a TLS mismatch ({@code rediss://} and
 * {@code quarkus.redis.tls-configuration-name}), a refused password or token ({@code agentfleet.sdk.redis.auth.*},
 * {@code quarkus.redis.password}), an unreachable address ({@code quarkus.redis.hosts}). The cause is logged once when
 * it appears and once when it clears, never at every probe, so a misconfigured replica stays unready with one clear
 * line instead of a crash loop or a storm of stack traces.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RedisReadiness.class);
    private static final long PROBE_SECONDS = 3;

    private final Redis redis;
    private final RedisAuthentication authentication;
    private final RedisClientType clientType;
    private volatile String lastProblem;

    RedisReadiness(Redis redis, RedisAuthentication authentication,
            @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") RedisClientType clientType) {
        this.redis = redis;
        this.authentication = authentication;
        this.clientType = clientType;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = authentication.problem();
        if (problem == null) {
            problem = hostnameVerificationNone();
        }
        if (problem == null) {
            problem = probe();
        }
        if (problem == null) {
            if (lastProblem != null) {
                LOG.infof("Redis is reachable again (%s)", clientType);
            }
            lastProblem = null;
            return HealthCheckResponse.named("Redis").up().withData("client-type", clientType.name().toLowerCase()).build();
        }
        if (!problem.equals(lastProblem)) {
            LOG.error(problem);
        }
        lastProblem = problem;
        return HealthCheckResponse.named("Redis").down().withData("reason", problem).build();
    }

    /**
     * Quarkus 3.32 hands a named TLS configuration's {@code hostname-verification-algorithm=NONE} to Vert.x' TCP client as
     * an algorithm name, which fails every handshake with a message that does not say why: say it here.
     */
    private static String hostnameVerificationNone() {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.redis.tls-configuration-name", String.class)
                .filter(name -> config.getOptionalValue("quarkus.tls.\"" + name + "\".hostname-verification-algorithm", String.class)
                        .or(() -> config.getOptionalValue("quarkus.tls." + name + ".hostname-verification-algorithm", String.class))
                        .filter("NONE"::equalsIgnoreCase).isPresent())
                .map(name -> "quarkus.tls." + name + ".hostname-verification-algorithm=NONE breaks every TLS handshake of the Redis "
                        + "client (Quarkus passes NONE to Vert.x' TCP client as an algorithm name): use HTTPS")
                .orElse(null);
    }

    /** Null when Redis answers as configured; otherwise the problem, naming the setting to look at. */
    private String probe() {
        try {
            Response info = redis.send(Request.cmd(Command.INFO).arg("cluster")).toCompletionStage().toCompletableFuture()
                    .get(PROBE_SECONDS, TimeUnit.SECONDS);
            boolean cluster = info != null && info.toString().contains("cluster_enabled:1");
            if (cluster && clientType == RedisClientType.STANDALONE) {
                return "quarkus.redis.client-type is standalone but the server is a Redis Cluster: set it to cluster";
            }
            return null;
        } catch (TimeoutException e) {
            return "Redis did not answer within " + PROBE_SECONDS + " s (quarkus.redis.hosts, network policy, TLS: rediss:// and "
                    + "quarkus.redis.tls-configuration-name must match the server)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return classify(RedisFailures.describe(e));
        }
    }

    static String classify(String failure) {
        String f = failure == null ? "" : failure;
        if (f.contains("cluster support disabled")) {
            return "quarkus.redis.client-type is cluster but the server is not a Redis Cluster (" + f + "): set it to standalone";
        }
        if (f.contains("WRONGPASS") || f.contains("NOAUTH") || f.contains("invalid password") || f.contains("NOPERM")) {
            return "Redis refused the credentials (agentfleet.sdk.redis.auth.*, quarkus.redis.password, the user in "
                    + "quarkus.redis.hosts): " + f;
        }
        if (f.contains("SSL") || f.contains("certificate") || f.contains("handshake") || f.contains("PKIX")) {
            return "TLS to Redis failed (rediss:// in quarkus.redis.hosts, quarkus.redis.tls-configuration-name and its trust "
                    + "store, hostname verification): " + f;
        }
        if (f.contains("Connection reset") || f.contains("Connection is closed") || f.contains("not an SSL/TLS record")) {
            return "Redis closed the connection as it opened: is it a TLS server spoken to without TLS, or the reverse? "
                    + "(rediss:// in quarkus.redis.hosts with quarkus.redis.tls-configuration-name for TLS): " + f;
        }
        if (f.contains("Connection refused") || f.contains("UnknownHost") || f.contains("No route")) {
            return "Redis is not reachable at quarkus.redis.hosts: " + f;
        }
        return "Redis failed: " + f;
    }
}
