/**
 * The grid search's report: reads the run directory's {@code summary.json} ({@link org.tbptt4j.experiment.GridSummary})
 * and {@code trials.jsonl} ({@link org.tbptt4j.experiment.TrialRecord}) and writes one self-contained
 * {@code report.html} ({@link org.tbptt4j.report.HtmlReport}) whose charts XChart renders to PNG.
 */
package org.tbptt4j.report;
