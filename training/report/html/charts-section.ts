/** The four kinds of chart, each in a figure with a line on how to read it. */
import { candidateOf } from '../candidate.js';
import { formatPercent } from '../format.js';
import type { EvaluationReport } from '../report-data.js';
import { REACH_LEVEL, shareToReachOnGain } from '../reach-on-gain.js';
import { gainChart } from '../svg/gain-chart.js';
import { perDayChart } from '../svg/per-day-chart.js';
import { calibratedScorers, reliabilityChart } from '../svg/reliability-chart.js';
import { rocChart } from '../svg/roc-chart.js';
import { e } from './cells.js';

function figure(title: string, chart: string, caption: string): string {
  return `<figure>\n<h3>${e(title)}</h3>\n${chart}\n<figcaption>${caption}</figcaption>\n</figure>`;
}

function reachSentence(report: EvaluationReport): string {
  const candidate = candidateOf(report.scorers);
  const share = candidate ? shareToReachOnGain(candidate.curves.gain) : null;
  if (!candidate || share === null) return '';
  return ` The candidate reaches <strong>${formatPercent(REACH_LEVEL)} of purchases by contacting ${formatPercent(share)} of test rows</strong>.`;
}

export function chartsSection(report: EvaluationReport): string {
  const scorers = report.scorers;
  const calibrated = calibratedScorers(scorers);
  const left = scorers.filter((s) => !calibrated.includes(s)).map((s) => e(s.name));
  const leftOut = left.length ? ` Not shown, as their scores are not probabilities: ${left.join(', ')}.` : '';
  const reliability = calibrated.length
    ? figure('Reliability', reliabilityChart(scorers), `Observed purchase rate against predicted probability, per bin of predicted probability; marker size follows the rows in the bin. On the diagonal, a predicted 10% means 10% buy.${leftOut}`)
    : `<figure>\n<h3>Reliability</h3>\n<p>No scorer in this report gives probabilities, so there is no reliability diagram.</p>\n</figure>`;
  return `<section id="charts">
<h2>Charts</h2>
<div class="charts">
${figure('ROC curves', rocChart(scorers), 'True against false positive rate as the score threshold falls; the dashed diagonal is a random score. The legend gives pooled AUC.')}
${figure('Cumulative gain', gainChart(scorers), `Test rows (one customer–product offer on one day) contacted best-first, against the share of all purchases they reach. Circles mark where each scorer reaches ${formatPercent(REACH_LEVEL)} of purchases.${reachSentence(report)}`)}
${reliability}
${figure('AUC by test day', perDayChart(scorers, report.data.testDays, 'auc'), 'Each point is one test day; a day where AUC does not exist (one class only) is skipped.')}
${figure('MRR by test day', perDayChart(scorers, report.data.testDays, 'mrr'), 'Mean reciprocal rank of the first bought product, per test day.')}
</div>
</section>`;
}
