package dev.agentfleet.coordinator.api;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import dev.agentfleet.coordinator.store.RunQueries;

/**
 * Who may see and cancel which run. A run records who started it ({@code startedBy}): {@code user:<name>} for a start
 * over HTTP (the token's name: {@code upn}, else {@code preferred_username}, else {@code sub}), {@code event:<source>}
 * for one from a CloudEvent. A submitter ({@code workflow-submit}) reads, lists and cancels the runs it started;
 * {@code workflow-read} reads every run, {@code workflow-admin} reads, cancels, pauses and resumes every run. A signal
 * may be sent by the roles its waiting step names ({@code workflow-signal} unless it names others) and workflow-admin. Someone else's run answers
 * 404, as an unknown one does, so ids cannot be probed for existence.
 */
final class RunAccess {

    static final String READ_ALL = "workflow-read";
    static final String ADMIN = "workflow-admin";
    static final String SIGNAL = "workflow-signal";

    private RunAccess() {
    }

    /** The {@code startedBy} of a run this caller starts over HTTP. */
    static String starter(JsonWebToken caller) {
        return "user:" + caller.getName();
    }

    static boolean readsAll(JsonWebToken caller) {
        Set<String> groups = caller.getGroups();
        return groups.contains(READ_ALL) || groups.contains(ADMIN);
    }

    static boolean mayRead(JsonWebToken caller, Map<String, String> run) {
        return readsAll(caller) || starter(caller).equals(run.get("startedBy"));
    }

    /** The run's hash when this caller may read it; 404 when it is unknown or someone else's. */
    static Map<String, String> readable(RunQueries queries, JsonWebToken caller, String id) {
        Map<String, String> run = queries.run(id).orElseThrow(() -> RequestAnswers.notFound(id));
        if (!mayRead(caller, run)) {
            throw RequestAnswers.notFound(id);
        }
        return run;
    }

    /** The roles that may send a step's signal: its own list, else {@code workflow-signal}; and workflow-admin always. */
    static java.util.List<String> signalRoles(dev.agentfleet.coordinator.definition.StepDefinition.Wait wait) {
        java.util.List<String> roles = new java.util.ArrayList<>(wait.roles().isEmpty() ? java.util.List.of(SIGNAL) : wait.roles());
        roles.add(ADMIN);
        return roles;
    }

    static boolean maySignal(JsonWebToken caller, dev.agentfleet.coordinator.definition.StepDefinition.Wait wait) {
        return signalRoles(wait).stream().anyMatch(caller.getGroups()::contains);
    }

    static boolean mayCancel(JsonWebToken caller, Map<String, String> run) {
        return caller.getGroups().contains(ADMIN) || starter(caller).equals(run.get("startedBy"));
    }
}
