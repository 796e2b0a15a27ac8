package dev.agentfleet.testing.senders;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntPredicate;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The authorization matrix of a function module with sender verification on, as the regions run it: every endpoint
 * the application actually serves (each Funqy function's path, from the running application's own catalogue, and the
 * CloudEvent entry {@code /}) x every kind of caller. Only agentfleet's Triggers and the coordinator get past the door;
 * no token, a forged one, one for another audience, an expired one: 401; a valid token of another workload: 403.
 * The module's test names the endpoints it expects, so a new function without a row fails here.
 */
public final class SenderMatrix {

    /** A caller, and which answers count as what the matrix expects of it. */
    private record Caller(String name, String authorization, String expected, IntPredicate accepts) {
    }

    private SenderMatrix() {
    }

    /**
     * @param served   the functions the application serves, as its catalogue lists them
     * @param expected the functions the module's test has rows for
     */
    public static void verify(SenderIssuer issuer, Collection<String> served, Collection<String> expected) {
        if (!new TreeSet<>(served).equals(new TreeSet<>(expected))) {
            throw new AssertionError("the application serves " + new TreeSet<>(served) + ", the matrix has rows for "
                    + new TreeSet<>(expected) + ": each function needs a row");
        }
        String who = SenderIssuerResource.TRIGGER;
        IntPredicate unauthorized = s -> s == 401;
        IntPredicate passed = s -> s != 401 && s != 403;
        List<Caller> callers = List.of(
                new Caller("no token", null, "401", unauthorized),
                new Caller("bad signature", "Bearer " + issuer.forgedToken(who), "401", unauthorized),
                new Caller("wrong audience", "Bearer " + issuer.tokenFor(who, "someone-else"), "401", unauthorized),
                new Caller("expired", "Bearer " + issuer.tokenAged(who, Duration.ofHours(2), Duration.ofHours(1)), "401", unauthorized),
                new Caller("another workload", "Bearer " + issuer.token(SenderIssuerResource.STRANGER), "403", s -> s == 403),
                new Caller("a Trigger", "Bearer " + issuer.token(SenderIssuerResource.TRIGGER), "past the door", passed),
                new Caller("the coordinator", "Bearer " + issuer.token(SenderIssuerResource.COORDINATOR), "past the door", passed));
        Map<String, RequestSpecification> endpoints = new LinkedHashMap<>();
        endpoints.put("POST / (CloudEvent)", RestAssured.given().basePath("/").header("ce-specversion", "1.0")
                .header("ce-id", "matrix").header("ce-source", "/matrix").header("ce-type", "dev.agentfleet.matrix"));
        new TreeSet<>(served).forEach(f -> endpoints.put("POST /" + f, RestAssured.given().basePath("/" + f)));
        List<String> wrong = new ArrayList<>();
        endpoints.forEach((endpoint, base) -> {
            for (Caller caller : callers) {
                RequestSpecification request = RestAssured.given().spec(base).contentType("application/json").body("{}");
                if (caller.authorization() != null) {
                    request.header("Authorization", caller.authorization());
                }
                int status = request.post().statusCode();
                if (!caller.accepts().test(status)) {
                    wrong.add(endpoint + " x " + caller.name() + ": expected " + caller.expected() + ", got " + status);
                }
            }
        });
        if (!wrong.isEmpty()) {
            throw new AssertionError("cells of the matrix that answered otherwise:\n  " + String.join("\n  ", wrong));
        }
    }
}
