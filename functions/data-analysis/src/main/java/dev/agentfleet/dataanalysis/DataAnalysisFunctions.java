package dev.agentfleet.dataanalysis;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import dev.agentfleet.dataanalysis.quality.QualityAssessment;
import dev.agentfleet.dataanalysis.quality.QualityAssessor;
import dev.agentfleet.dataanalysis.quality.QualityRequest;
import dev.agentfleet.dataanalysis.series.SeriesAnalysis;
import dev.agentfleet.dataanalysis.series.SeriesAnalyzer;
import dev.agentfleet.dataanalysis.series.SeriesRequest;
import dev.agentfleet.sdk.invocation.AgentFunction;
import io.quarkus.funqy.Funq;

/** The data-analysis capability's functions: thin entry points over the analysis services. */
public class DataAnalysisFunctions {

    @Inject
    SeriesAnalyzer seriesAnalyzer;

    @Inject
    QualityAssessor qualityAssessor;

    /** Descriptive statistics, percentiles, linear trend with significance, and z-score / IQR anomalies. */
    @Funq("analyze-series")
    @AgentFunction
    public SeriesAnalysis analyzeSeries(@Valid @NotNull SeriesRequest request) {
        return seriesAnalyzer.analyze(request);
    }

    /** Scores a customer-service resolution against its inquiry: key-term coverage, readability, steps, policy. */
    @Funq("assess-quality")
    @AgentFunction
    public QualityAssessment assessQuality(@Valid @NotNull QualityRequest request) {
        return qualityAssessor.assess(request);
    }
}
