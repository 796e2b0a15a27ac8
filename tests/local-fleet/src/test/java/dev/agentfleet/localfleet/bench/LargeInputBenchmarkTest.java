package dev.agentfleet.localfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The benchmark's inputs are the sizes its figures claim, and within the functions' 1 MiB body limit. */
class LargeInputBenchmarkTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theBatchIsJustUnderOneMebibyte() throws Exception {
        String body = LargeInputBenchmark.megabyteBatch();
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isBetween(1_000_000, 1024 * 1024);
        assertThat(json.readTree(body).path("events").size()).isGreaterThan(1_000);
    }

    @Test
    void tenThousandEventsAndOneHundredThousandValues() throws Exception {
        String events = LargeInputBenchmark.tenThousandEvents();
        assertThat(events.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024 * 1024);
        assertThat(json.readTree(events).path("events").size()).isEqualTo(10_000);
        JsonNode series = json.readTree(LargeInputBenchmark.hundredThousandValues());
        assertThat(series.path("values").size()).isEqualTo(100_000);
    }
}
