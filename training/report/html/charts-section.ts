/** The evaluation report's charts, each in a figure with a line on how to read it. */
import type { Figure } from '../../../src/report/figure.js';
import { formatPercent } from '../../../src/report/format.js';
import { trusted } from '../../../src/report/html.js';
import { renderChart } from '../../../src/report/render-chart.js';
import type { ReportSection } from '../../../src/report/report-page.js';
import type { SeriesStyles } from '../../../src/report/series-style.js';
import { candidateOf } from '../candidate.js';
import { evaluationCharts } from '../charts/evaluation-charts.js';
import { calibratedScorers } from '../charts/reliability-chart.js';
import { REACH_LEVEL, shareToReachOnGain } from '../reach-on-gain.js';
import type { EvaluationReport } from '../report-data.js';
import { e } from './cells.js';

function reachSentence(report: EvaluationReport): string {
  const candidate = candidateOf(report.scorers);
  const share = candidate ? shareToReachOnGain(candidate.curves.gain) : null;
  if (!candidate || share === null) return '';
  return ` The candidate reaches <strong>${formatPercent(REACH_LEVEL)} of purchases by contacting ${formatPercent(share)} of test rows</strong>.`;
}

export async function chartsSection(report: EvaluationReport, styles: SeriesStyles): Promise<ReportSection> {
  const charts = evaluationCharts(report, styles);
  const calibrated = calibratedScorers(report.scorers);
  const left = report.scorers.filter((s) => !calibrated.includes(s)).map((s) => e(s.name));
  const leftOut = left.length ? ` Not shown, as their scores are not probabilities: ${left.join(', ')}.` : '';
  const figures: Figure[] = [
    {
      title: 'ROC curves',
      body: trusted(await renderChart(charts.roc)),
      caption: 'True against false positive rate as the score threshold falls; the dashed diagonal is a random score. The legend gives pooled AUC.',
    },
    {
      title: 'Cumulative gain',
      body: trusted(await renderChart(charts.gain)),
      caption: trusted(
        `Test rows (one customer–product offer on one day) contacted best-first, against the share of all purchases they reach. Rings mark where each scorer reaches ${formatPercent(REACH_LEVEL)} of purchases.${reachSentence(report)}`,
      ),
    },
    {
      title: 'Reliability',
      body: trusted(
        charts.reliability ? await renderChart(charts.reliability) : '<p>No scorer in this report gives probabilities, so there is no reliability diagram.</p>',
      ),
      caption: trusted(
        `Observed purchase rate against predicted probability, per bin of predicted probability; marker size follows the rows in the bin. On the diagonal, a predicted 10% means 10% buy.${leftOut}`,
      ),
    },
    {
      title: 'AUC by test day',
      body: trusted(await renderChart(charts.perDayAuc)),
      caption: 'Each point is one test day; a day where AUC does not exist (one class only) is skipped.',
    },
    {
      title: 'MRR by test day',
      body: trusted(await renderChart(charts.perDayMrr)),
      caption: 'Mean reciprocal rank of the first bought product, per test day.',
    },
  ];
  return { id: 'charts', title: 'Charts', content: [{ figures }] };
}
