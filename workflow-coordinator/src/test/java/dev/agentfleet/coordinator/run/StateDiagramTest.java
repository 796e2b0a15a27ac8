package dev.agentfleet.coordinator.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * {@code docs/state-machine.md} is drawn from the transition tables, so it cannot drift from them: this test fails when
 * the file differs from what the tables draw today, and rewrites it with {@code -Dagentfleet.diagrams.write=true}.
 */
class StateDiagramTest {

    private static final Path FILE = Path.of("..", "docs", "state-machine.md");

    @Test
    void theStateDiagramInTheDocsIsTheOneTheTablesDraw() throws IOException {
        String drawn = document();
        if (Boolean.getBoolean("agentfleet.diagrams.write")) {
            Files.writeString(FILE, drawn, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "")
                .as("%s is stale: run ./mvnw -B test -pl workflow-coordinator -Dtest=StateDiagramTest -Dagentfleet.diagrams.write=true",
                        FILE.normalize())
                .isEqualTo(drawn);
    }

    static String document() {
        StringBuilder md = new StringBuilder();
        md.append("# The run and step state machines\n\n");
        md.append("Drawn from the transition tables of `workflow-coordinator` (`StepTransition`, `RunTransition`, package `run`) by\n");
        md.append("`StateDiagramTest`, which fails when this file is stale; rewrite it with\n");
        md.append("`./mvnw -B test -pl workflow-coordinator -Dtest=StateDiagramTest -Dagentfleet.diagrams.write=true`.\n");
        md.append("Each arrow is one row of a table, `from --> to: EVENT (history type)`: a status changes only through these.\n\n");
        md.append("## Steps\n\n```mermaid\nstateDiagram-v2\n    [*] --> PENDING\n");
        for (StepTransition t : StepTransition.values()) {
            md.append("    ").append(t.from()).append(" --> ").append(t.to()).append(": ").append(t.event())
                    .append(" (").append(t.tag()).append(")\n");
        }
        Arrays.stream(StepStatus.values()).filter(StepStatus::isSettled)
                .filter(s -> Arrays.stream(StepTransition.values()).noneMatch(t -> t.from() == s))
                .forEach(s -> md.append("    ").append(s).append(" --> [*]\n"));
        md.append("```\n\n## Runs\n\n```mermaid\nstateDiagram-v2\n");
        for (RunTransition t : RunTransition.values()) {
            md.append("    ").append(t.from() == null ? "[*]" : t.from()).append(" --> ").append(t.to()).append(": ")
                    .append(t.event()).append(" (").append(t.tag()).append(")\n");
        }
        Arrays.stream(RunStatus.values()).filter(RunStatus::isFinal).forEach(s -> md.append("    ").append(s).append(" --> [*]\n"));
        md.append("```\n");
        return md.toString();
    }
}
