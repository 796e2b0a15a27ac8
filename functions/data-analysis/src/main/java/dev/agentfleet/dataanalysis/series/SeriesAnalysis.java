package dev.agentfleet.dataanalysis.series;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What {@code analyze-series} found.
 *
 * @param statistics  descriptive statistics of the values
 * @param percentiles each requested percentile, keyed {@code p50}, {@code p99}, {@code p99.9}
 * @param trend       least-squares line over the index, with its significance
 * @param anomalies   points flagged by z-score, by Tukey's fences, or both, in index order
 */
@RegisterForReflection
public record SeriesAnalysis(Statistics statistics, Map<String, Double> percentiles, Trend trend, List<Anomaly> anomalies) {

    /** Descriptive statistics (sample standard deviation and variance, n - 1). */
    @RegisterForReflection
    public record Statistics(long count, double min, double max, double mean, double median, double standardDeviation,
            double variance, double skewness, double kurtosis, double sum) {
    }

    /**
     * The linear trend {@code value = intercept + slope * index}.
     *
     * @param pValue      two-sided p-value of the slope's t-test (H0: slope = 0)
     * @param significant whether {@code pValue < alpha}
     * @param direction   {@code rising} or {@code falling} when significant, otherwise {@code flat}
     */
    @RegisterForReflection
    public record Trend(double slope, double intercept, double rSquared, double pValue, double alpha, boolean significant,
            String direction) {
    }

    /**
     * An unusual point.
     *
     * @param methods which tests flagged it: {@code zscore}, {@code iqr}
     */
    @RegisterForReflection
    public record Anomaly(int index, double value, double zScore, List<String> methods) {
    }
}
