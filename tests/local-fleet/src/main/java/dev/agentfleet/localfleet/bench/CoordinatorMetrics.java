package dev.agentfleet.localfleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.agentfleet.localfleet.process.QuarkusApp;

/** What the benchmark reads from the coordinator's {@code /q/metrics}. */
final class CoordinatorMetrics {

    private static final Pattern TRANSITIONS = Pattern.compile("^agentfleet_workflow_transitions_total\\{[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{(?=[^}]*area=\"heap\")[^}]*} ([0-9.eE+]+)$",
            Pattern.MULTILINE);

    private CoordinatorMetrics() {
    }

    /** Every transition counted so far. */
    static double transitions(QuarkusApp coordinator) throws IOException, InterruptedException {
        Matcher m = TRANSITIONS.matcher(metrics(coordinator));
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    /** The coordinator's own step-overhead quantiles, as text. */
    static String overheadMetric(QuarkusApp coordinator) throws IOException, InterruptedException {
        StringBuilder found = new StringBuilder();
        Matcher m = Pattern.compile("^agentfleet_workflow_step_overhead_seconds\\{(?=[^}]*workflow=\"bench-chain\")[^}]*quantile=\"([0-9.]+)\"[^}]*} ([0-9.eE+-]+)$",
                Pattern.MULTILINE).matcher(metrics(coordinator));
        while (m.find()) {
            found.append(found.isEmpty() ? "" : ", ").append("p").append(Math.round(Double.parseDouble(m.group(1)) * 100)).append(' ')
                    .append(String.format("%.3f ms", Double.parseDouble(m.group(2)) * 1e3));
        }
        return found.isEmpty() ? "(not exported)" : found + " (answer received to the next step's commit)";
    }

    /** The sum of {@code jvm_memory_used_bytes} over the heap's pools in a {@code /q/metrics} text. */
    static long heapUsed(String metrics) {
        Matcher m = HEAP.matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return (long) total;
    }

    /** The coordinator's {@code /q/metrics} text. */
    static String metrics(QuarkusApp coordinator) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(coordinator.managementUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
