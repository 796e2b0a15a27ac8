package dev.agentfleet.coordinator;

import java.util.Set;

import io.smallrye.config.ConfigMapping;

/** The coordinator's settings; keys under {@code agentfleet.coordinator}. */
@ConfigMapping(prefix = "agentfleet.coordinator")
public interface CoordinatorConfig {

    /** The capability functions workflows may call, as {@code <service>/<function>}. */
    Set<String> functions();
}
