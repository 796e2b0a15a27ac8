package dev.agentfleet.localfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The cold-start benchmark limits each module as its Knative manifest does (the repository's own manifests), and its
 * second baseline carries the SDK's extensions.
 */
class ColdStartBenchmarkTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void readsEachModulesMemoryLimitFromItsManifest() throws Exception {
        assertThat(ColdStartBenchmark.limitMb(ROOT, "functions/data-analysis")).isEqualTo(384);
        assertThat(ColdStartBenchmark.limitMb(ROOT, "functions/weather")).isEqualTo(256);
        assertThat(ColdStartBenchmark.limitMb(ROOT, "workflow-coordinator")).isEqualTo(512);
        assertThat(ColdStartBenchmark.limitMb(ROOT, "functions/canary")).isEqualTo(256);
        for (StartupBenchmark.Probe probe : StartupBenchmark.PROBES) {
            assertThat(ColdStartBenchmark.limitMb(ROOT, probe.module())).as(probe.module()).isBetween(64, 4096);
        }
    }

    @Test
    void theExtensionsBaselineCarriesExactlyTheSdksExtensions() throws Exception {
        List<String> sdk = quarkusExtensions(ROOT.resolve("functions/agent-sdk/pom.xml"));
        assertThat(sdk).contains("quarkus-redis-client", "quarkus-opentelemetry");
        assertThat(quarkusExtensions(ROOT.resolve(ColdStartBenchmark.EXTENSIONS.module()).resolve("pom.xml")))
                .as("tests/bare-extensions/pom.xml against functions/agent-sdk/pom.xml").containsExactlyInAnyOrderElementsOf(sdk);
    }

    /** The io.quarkus artifacts a pom depends on outside the test scope. */
    private static List<String> quarkusExtensions(Path pom) throws Exception {
        Matcher m = Pattern.compile("<dependency>\\s*<groupId>io\\.quarkus</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*(<scope>[^<]*</scope>)?")
                .matcher(Files.readString(pom));
        return m.results().filter(r -> r.group(2) == null).map(r -> r.group(1)).toList();
    }
}
