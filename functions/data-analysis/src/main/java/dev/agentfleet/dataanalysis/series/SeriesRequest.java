package dev.agentfleet.dataanalysis.series;

import java.util.List;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A numeric series to analyse.
 *
 * @param values        the observations in order (3 to 100,000 finite numbers); their index is the x of the trend
 * @param zThreshold    |z| at or above which a point is a z-score anomaly; default 3
 * @param iqrMultiplier k of Tukey's fences (below Q1 - k*IQR or above Q3 + k*IQR is an anomaly); default 1.5
 * @param percentiles   which percentiles to report, each in (0, 100]; default 5, 25, 50, 75, 95, 99
 * @param alpha         significance level of the trend's slope test; default 0.05
 */
@RegisterForReflection
public record SeriesRequest(
        @NotNull @Size(min = 3, max = 100_000) List<@NotNull Double> values,
        @DecimalMin(value = "0", inclusive = false) Double zThreshold,
        @DecimalMin(value = "0", inclusive = false) Double iqrMultiplier,
        @Size(max = 20) List<@NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") Double> percentiles,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "0.5") Double alpha) {

    static final List<Double> DEFAULT_PERCENTILES = List.of(5.0, 25.0, 50.0, 75.0, 95.0, 99.0);

    public SeriesRequest {
        zThreshold = zThreshold == null ? 3.0 : zThreshold;
        iqrMultiplier = iqrMultiplier == null ? 1.5 : iqrMultiplier;
        percentiles = percentiles == null ? DEFAULT_PERCENTILES : percentiles;
        alpha = alpha == null ? 0.05 : alpha;
    }

    /** A request with the default thresholds. */
    public static SeriesRequest of(List<Double> values) {
        return new SeriesRequest(values, null, null, null, null);
    }
}
