package dev.agentfleet.dataanalysis.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.agentfleet.sdk.problem.ProblemException;

class SeriesAnalyzerTest {

    private final SeriesAnalyzer analyzer = new SeriesAnalyzer();

    @Test
    void exactLineHasKnownSlopeInterceptAndIsSignificant() {
        List<Double> line = IntStream.range(0, 20).mapToObj(i -> 1.0 + 2.0 * i).toList();

        SeriesAnalysis.Trend trend = analyzer.analyze(SeriesRequest.of(line)).trend();

        assertThat(trend.slope()).isCloseTo(2.0, within(1e-12));
        assertThat(trend.intercept()).isCloseTo(1.0, within(1e-12));
        assertThat(trend.rSquared()).isCloseTo(1.0, within(1e-12));
        assertThat(trend.significant()).isTrue();
        assertThat(trend.direction()).isEqualTo("rising");
    }

    @Test
    void noisyFallingSeriesHasSlopeFromLeastSquaresAndSmallPValue() {
        // y = 10 - 0.5 x + e, e = +0.1 at even x and -0.1 at odd x (x = 0..9).
        double[] y = { 10.1, 9.4, 9.1, 8.4, 8.1, 7.4, 7.1, 6.4, 6.1, 5.4 };
        List<Double> series = new ArrayList<>();
        for (double v : y) {
            series.add(v);
        }

        SeriesAnalysis.Trend trend = analyzer.analyze(SeriesRequest.of(series)).trend();

        // slope = -0.5 + sum((x - 4.5) e) / Sxx = -0.5 + (-0.5) / 82.5
        assertThat(trend.slope()).isCloseTo(-0.5 - 0.5 / 82.5, within(1e-12));
        assertThat(trend.pValue()).isLessThan(1e-6);
        assertThat(trend.direction()).isEqualTo("falling");
    }

    @Test
    void constantSeriesIsFlatWithNoAnomalies() {
        SeriesAnalysis analysis = analyzer.analyze(SeriesRequest.of(List.of(4.0, 4.0, 4.0, 4.0)));

        assertThat(analysis.trend().direction()).isEqualTo("flat");
        assertThat(analysis.trend().pValue()).isEqualTo(1.0);
        assertThat(analysis.statistics().standardDeviation()).isZero();
        assertThat(analysis.anomalies()).isEmpty();
    }

    @Test
    void percentilesOfOneToHundredAreKnown() {
        List<Double> series = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();

        SeriesAnalysis analysis = analyzer.analyze(SeriesRequest.of(series));

        // Commons Math's default estimator: position p(n+1)/100
        assertThat(analysis.percentiles()).containsEntry("p50", 50.5).containsEntry("p25", 25.25).containsEntry("p99", 99.99);
        assertThat(analysis.statistics().mean()).isEqualTo(50.5);
        assertThat(analysis.statistics().sum()).isEqualTo(5050.0);
        assertThat(analysis.statistics().standardDeviation()).isCloseTo(29.011492, within(1e-6));
    }

    @Test
    void spikeIsFlaggedByZScoreAndIqr() {
        List<Double> series = new ArrayList<>(IntStream.range(0, 30).mapToObj(i -> 10.0 + (i % 3)).toList());
        series.set(17, 100.0);

        List<SeriesAnalysis.Anomaly> anomalies = analyzer.analyze(SeriesRequest.of(series)).anomalies();

        assertThat(anomalies).singleElement().satisfies(a -> {
            assertThat(a.index()).isEqualTo(17);
            assertThat(a.methods()).containsExactly("zscore", "iqr");
            assertThat(a.zScore()).isGreaterThan(3);
        });
    }

    @Test
    void iqrCatchesModerateOutlierThatZScoreMisses() {
        List<Double> series = new ArrayList<>(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 30.0));

        List<SeriesAnalysis.Anomaly> anomalies = analyzer.analyze(SeriesRequest.of(series)).anomalies();

        assertThat(anomalies).singleElement().satisfies(a -> {
            assertThat(a.index()).isEqualTo(9);
            assertThat(a.methods()).containsExactly("iqr");
        });
    }

    @Test
    void nonFiniteValueIsRejectedNamingItsIndex() {
        assertThatThrownBy(() -> analyzer.analyze(SeriesRequest.of(List.of(1.0, Double.NaN, 3.0))))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().errors().get(0).field()).isEqualTo("values[1]"));
    }
}
