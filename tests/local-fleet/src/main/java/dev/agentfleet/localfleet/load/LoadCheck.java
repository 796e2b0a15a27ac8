package dev.agentfleet.localfleet.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small closed-loop load check against one function on loopback: {@code clients} concurrent callers POST the same
 * body for {@code duration} after a warm-up, and it prints requests/s and latency percentiles. Bounded in time and
 * only for 127.0.0.1 / localhost URLs. Not a benchmark suite: a quick figure for a module's README.
 */
public final class LoadCheck {

    /**
     * What to send and how hard.
     *
     * @param url      a loopback URL
     * @param body     the JSON body
     * @param clients  concurrent callers
     * @param duration measured time, after {@code warmup}
     * @param authorization the {@code Authorization} header every call carries (the fleet's sender token), or null
     */
    public record Plan(URI url, String body, int clients, Duration warmup, Duration duration, String authorization) {
        public Plan {
            String host = url.getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
                throw new IllegalArgumentException("load checks only target loopback, not " + host);
            }
            if (clients < 1 || clients > 256) {
                throw new IllegalArgumentException("clients must be 1..256, was " + clients);
            }
            if (duration.isNegative() || duration.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("duration must be at most 5 minutes, was " + duration);
            }
        }
    }

    /** What was measured. Latencies in microseconds. */
    public record Result(long requests, long errors, double requestsPerSecond, long p50Micros, long p90Micros, long p99Micros,
            long maxMicros) {

        public void print(PrintStream out, Plan plan) {
            out.printf("%d clients, %d s: %d requests, %d errors, %.0f req/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    plan.clients(), plan.duration().toSeconds(), requests, errors, requestsPerSecond, p50Micros / 1000.0,
                    p90Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0);
        }
    }

    private LoadCheck() {
    }

    public static Result run(Plan plan) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(plan.url()).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(plan.body()));
        if (plan.authorization() != null) {
            builder.header("Authorization", plan.authorization());
        }
        HttpRequest request = builder.build();
        long warmupEnd = System.nanoTime() + plan.warmup().toNanos();
        long end = warmupEnd + plan.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(plan.clients());
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < plan.clients(); c++) {
                futures.add(pool.submit(() -> callUntil(client, request, warmupEnd, end)));
            }
            List<Long> latencies = new ArrayList<>();
            long errors = 0;
            for (Future<long[]> f : futures) {
                long[] samples = f.get();
                for (long s : samples) {
                    if (s < 0) {
                        errors++;
                    } else {
                        latencies.add(s);
                    }
                }
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            long total = sorted.length + errors;
            return new Result(total, errors, total / (plan.duration().toNanos() / 1e9), percentile(sorted, 50),
                    percentile(sorted, 90), percentile(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Calls in a loop; returns each measured latency in microseconds, or -1 for a failed call. */
    private static long[] callUntil(HttpClient client, HttpRequest request, long warmupEnd, long end) {
        long[] samples = new long[1024];
        int n = 0;
        while (true) {
            long start = System.nanoTime();
            if (start >= end) {
                return Arrays.copyOf(samples, n);
            }
            long sample;
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                sample = response.statusCode() / 100 == 2 ? (System.nanoTime() - start) / 1000 : -1;
            } catch (IOException e) {
                sample = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Arrays.copyOf(samples, n);
            }
            if (start >= warmupEnd) {
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = sample;
            }
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
