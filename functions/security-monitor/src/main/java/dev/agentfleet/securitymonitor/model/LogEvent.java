package dev.agentfleet.securitymonitor.model;

import java.time.Instant;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.agentfleet.sdk.text.Digests;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One auth or request log event.
 *
 * @param id        the event's id in its log, if it has one; used to count an event once when a batch is resent
 * @param timestamp when it happened (ISO-8601)
 * @param kind      {@code auth} (a login attempt) or {@code request} (an HTTP request)
 * @param user      who tried to log in (auth) or made the request, if known
 * @param ip        the client address
 * @param success   whether the login succeeded (auth events)
 * @param latitude  geo-IP latitude of the client, if known (impossible travel needs it)
 * @param longitude geo-IP longitude of the client, if known
 * @param method    HTTP method (request events)
 * @param path      the request path, query string included or not
 * @param params    request parameters, already split
 * @param status    HTTP status of the response (request events)
 */
@RegisterForReflection
public record LogEvent(
        @Size(max = 200) String id,
        @NotNull Instant timestamp,
        @NotNull @Pattern(regexp = "auth|request", message = "must be auth or request") String kind,
        @Size(max = 200) String user,
        @NotBlank @Size(max = 64) String ip,
        Boolean success,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = 16) String method,
        @Size(max = 4096) String path,
        @Size(max = 100) Map<@Size(max = 200) String, @Size(max = 4096) String> params,
        Integer status) {

    public boolean isAuth() {
        return "auth".equals(kind);
    }

    public boolean isFailedLogin() {
        return isAuth() && Boolean.FALSE.equals(success);
    }

    public boolean isSuccessfulLogin() {
        return isAuth() && Boolean.TRUE.equals(success);
    }

    public boolean hasLocation() {
        return latitude != null && longitude != null;
    }

    /**
     * A stable identity for counting this event once in a window, even when its batch is sent twice: its id, or else a
     * SHA-256 of what identifies it, so a window's members stay 64 characters however long the paths (up to 4 kB each)
     * rather than each member carrying its path into Redis.
     */
    public String occurrenceId() {
        return id != null ? id : Digests.sha256Hex(timestamp.toEpochMilli() + "|" + ip + "|" + user + "|" + kind + "|" + path);
    }
}
