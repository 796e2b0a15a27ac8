/**
 * data-analysis: statistics over numeric series ({@code analyze-series}, Apache Commons Math) and
 * quality scoring of customer-service resolutions ({@code assess-quality}). {@code series} and {@code quality} hold
 * them; {@link dev.agentfleet.dataanalysis.DataAnalysisFunctions} is the
 * Funqy entry point.
 */
package dev.agentfleet.dataanalysis;
