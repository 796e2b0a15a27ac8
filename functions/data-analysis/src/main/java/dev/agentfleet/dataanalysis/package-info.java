/**
 * data-analysis: statistics over numeric series for the fleet ({@code analyze-series}), computed with Apache
 * Commons Math. {@code series} holds the analysis; {@link dev.agentfleet.dataanalysis.DataAnalysisFunctions} is the
 * Funqy entry point.
 */
package dev.agentfleet.dataanalysis;
