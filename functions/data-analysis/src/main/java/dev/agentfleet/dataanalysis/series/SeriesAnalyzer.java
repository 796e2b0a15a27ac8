package dev.agentfleet.dataanalysis.series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import dev.agentfleet.dataanalysis.series.SeriesAnalysis.Anomaly;
import dev.agentfleet.dataanalysis.series.SeriesAnalysis.Statistics;
import dev.agentfleet.dataanalysis.series.SeriesAnalysis.Trend;
import dev.agentfleet.sdk.problem.FieldError;
import dev.agentfleet.sdk.problem.ProblemException;
import dev.agentfleet.sdk.problem.ProblemKind;

/** Statistics of a series with Apache Commons Math: nothing here re-implements an estimator. */
@ApplicationScoped
public class SeriesAnalyzer {

    public SeriesAnalysis analyze(SeriesRequest request) {
        double[] values = finiteValues(request.values());
        DescriptiveStatistics stats = new DescriptiveStatistics(values);
        return new SeriesAnalysis(statistics(stats), percentiles(stats, request.percentiles()), trend(values, request.alpha()),
                anomalies(values, stats, request.zThreshold(), request.iqrMultiplier()));
    }

    private static double[] finiteValues(List<Double> values) {
        double[] array = new double[values.size()];
        for (int i = 0; i < array.length; i++) {
            double v = values.get(i);
            if (!Double.isFinite(v)) {
                throw new ProblemException(ProblemKind.VALIDATION, "The series has a value that is not a finite number.",
                        List.of(new FieldError("values[" + i + "]", "must be a finite number")), null);
            }
            array[i] = v;
        }
        return array;
    }

    private static Statistics statistics(DescriptiveStatistics s) {
        return new Statistics(s.getN(), s.getMin(), s.getMax(), s.getMean(), s.getPercentile(50), s.getStandardDeviation(),
                s.getVariance(), finiteOrZero(s.getSkewness()), finiteOrZero(s.getKurtosis()), s.getSum());
    }

    private static Map<String, Double> percentiles(DescriptiveStatistics s, List<Double> requested) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (double p : requested) {
            String key = "p" + (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p));
            result.put(key, s.getPercentile(p));
        }
        return result;
    }

    private static Trend trend(double[] values, double alpha) {
        SimpleRegression regression = new SimpleRegression();
        for (int i = 0; i < values.length; i++) {
            regression.addData(i, values[i]);
        }
        double slope = regression.getSlope();
        // A perfectly constant or perfectly linear series has a zero residual: the t-test is then degenerate.
        double pValue = regression.getSumSquaredErrors() == 0 ? (slope == 0 ? 1.0 : 0.0) : regression.getSignificance();
        boolean significant = pValue < alpha;
        String direction = !significant ? "flat" : slope > 0 ? "rising" : "falling";
        return new Trend(slope, regression.getIntercept(), finiteOrZero(regression.getRSquare()), pValue, alpha, significant, direction);
    }

    private static List<Anomaly> anomalies(double[] values, DescriptiveStatistics s, double zThreshold, double k) {
        double mean = s.getMean();
        double sd = s.getStandardDeviation();
        double q1 = s.getPercentile(25);
        double q3 = s.getPercentile(75);
        double low = q1 - k * (q3 - q1);
        double high = q3 + k * (q3 - q1);
        List<Anomaly> anomalies = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            double z = sd == 0 ? 0 : (values[i] - mean) / sd;
            List<String> methods = new ArrayList<>(2);
            if (Math.abs(z) >= zThreshold) {
                methods.add("zscore");
            }
            if (values[i] < low || values[i] > high) {
                methods.add("iqr");
            }
            if (!methods.isEmpty()) {
                anomalies.add(new Anomaly(i, values[i], z, List.copyOf(methods)));
            }
        }
        return anomalies;
    }

    private static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
