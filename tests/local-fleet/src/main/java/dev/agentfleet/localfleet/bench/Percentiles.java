package dev.agentfleet.localfleet.bench;

import java.util.Arrays;

/** Percentiles of measured nanoseconds, and how the benchmark prints them. */
final class Percentiles {

    private Percentiles() {
    }

    static long p(long[] values, double percentile) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static long median(long[] values) {
        return p(values, 50);
    }

    /** The median of ratios and other fractions (the lower middle of an even count, as {@link #p} takes it). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (sorted.length - 1) / 2)];
    }

    /** The median of the pairs' ratios: each {@code over[i]} over its {@code under[i]} (samples taken in turn). */
    static double medianOfRatios(long[] over, long[] under) {
        double[] ratios = new double[over.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = (double) over[i] / Math.max(1, under[i]);
        }
        return median(ratios);
    }

    static String ms(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }

    /** The percentile of {@code a} over the same percentile of {@code b}. */
    static double ratio(long[] a, long[] b, double percentile) {
        return p(a, percentile) / (double) Math.max(1, p(b, percentile));
    }
}
