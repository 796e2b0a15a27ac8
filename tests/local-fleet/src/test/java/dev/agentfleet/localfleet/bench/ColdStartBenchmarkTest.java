package dev.agentfleet.localfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The cold-start benchmark limits each module as its Knative manifest does (the repository's own manifests). */
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
}
