package dev.agentfleet.bare;

import java.util.Map;

import io.quarkus.funqy.Funq;

/** The whole application: answers the JSON object it is sent. */
public class Echo {

    @Funq
    public Map<String, Object> echo(Map<String, Object> input) {
        return input;
    }
}
