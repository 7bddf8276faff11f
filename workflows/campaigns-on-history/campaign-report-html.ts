/** The campaign evaluation on history as a report page: the facts, the mean shares, the per-launch chart and table. */
import { escapeHtml } from '../../src/report/escape-html.js';
import { formatCount, formatMetric, formatPercent, formatSeconds } from '../../src/report/format.js';
import { trusted } from '../../src/report/html.js';
import { renderChart } from '../../src/report/render-chart.js';
import { renderReportPage } from '../../src/report/report-page.js';
import type { CampaignEvaluation } from './campaign-evaluation.js';
import { REACH_TARGET } from './launch-evaluation.js';
import { PAST_LIST_COLUMNS, PAST_LISTS_NOTE, pastListCells } from './past-lists-table.js';
import { launchLabel, listStyles, reachByLaunchChart, REFERENCE_BANK_SHARE } from './reach-by-launch-chart.js';

function meanSentence(e: CampaignEvaluation): string {
  if (!e.mean) return `No launch had ${e.minBuyers} or more buyers within the horizon.`;
  const m = e.mean;
  return `Mean over ${m.launches} launches with at least ${e.minBuyers} buyers: model ${formatPercent(m.model, 1)}, same-category rule ${formatPercent(m.sameCategory, 1)}, random ${formatPercent(m.random, 1)}, hindsight ${formatPercent(m.hindsight, 1)}.`;
}

export async function renderCampaignHtml(e: CampaignEvaluation): Promise<string> {
  const target = formatPercent(REACH_TARGET);
  const styles = listStyles();
  return renderReportPage({
    title: `Campaigns on history: messages needed to reach ${target} of buyers within ${e.horizonDays} days`,
    facts: [
      { term: 'Models trained before', value: e.cutoff },
      { term: 'Recommender', value: trusted(`<code>${escapeHtml(e.models.choice)}</code>`) },
      { term: 'Demand model', value: trusted(`<code>${escapeHtml(e.models.demand)}</code>`) },
      { term: 'Backend', value: e.backend },
      { term: 'Horizon', value: `${e.horizonDays} days` },
      { term: 'Launches', value: `${formatCount(e.launches.length)} evaluated` },
      { term: 'Time', value: formatSeconds(e.seconds) },
    ],
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        content: [
          {
            text: `Each product launched from ${e.cutoff} on is ranked as of its launch day over the customers allowed to buy it, by models trained on data before ${e.cutoff}.`,
          },
          trusted(`<p class="callout"><strong>${escapeHtml(meanSentence(e))}</strong></p>`),
          {
            text: `The reference bank reached ${target} of buyers by messaging ${formatPercent(REFERENCE_BANK_SHARE)} of customers. Hindsight lists the buyers first: the least any list can need.`,
            hint: true,
          },
        ],
      },
      {
        id: 'charts',
        title: 'Charts',
        content: [
          {
            figures: [
              {
                title: `Customers to message for ${target} of buyers, per launch`,
                body: trusted(await renderChart(reachByLaunchChart(e, styles))),
                caption: `Each row is one launch; each marker the share of its eligible customers one list must message, best first, to reach ${target} of those who bought within ${e.horizonDays} days. Further left is better; the dashed line is the reference bank's ${formatPercent(REFERENCE_BANK_SHARE)}.`,
              },
            ],
          },
        ],
      },
      {
        id: 'launches',
        title: 'Launches',
        content: [
          {
            table: {
              columns: [
                { label: 'Launch' },
                { label: 'Category' },
                { label: 'Eligible', numeric: true },
                { label: 'Buyers', numeric: true },
                { label: 'Model', numeric: true },
                { label: 'Same category', numeric: true },
                { label: 'Random', numeric: true },
                { label: 'Hindsight', numeric: true },
                { label: 'Model AUC', numeric: true },
              ],
              rows: e.launches.map((l) => ({
                cells: [
                  launchLabel(l),
                  l.category ?? '',
                  formatCount(l.eligible),
                  formatCount(l.buyers),
                  formatPercent(l.share.model, 1),
                  formatPercent(l.share.sameCategory, 1),
                  formatPercent(l.share.random, 1),
                  formatPercent(l.share.hindsight, 1),
                  formatMetric(l.modelAuc),
                ],
              })),
            },
          },
          { text: 'Shares are of the eligible customers; n/a: the launch had no buyer within the horizon.', hint: true },
        ],
      },
      ...(e.pastLists
        ? [
            {
              id: 'past-lists',
              title: 'Past lists: actual against expected buyers',
              content:
                e.pastLists.length === 0
                  ? [{ text: 'No list exported yet.' }]
                  : [
                      {
                        table: {
                          columns: PAST_LIST_COLUMNS.map((label, i) => ({ label, numeric: i === 4 || i >= 7 })),
                          rows: e.pastLists.map((p) => ({ cells: pastListCells(p) })),
                        },
                      },
                      { text: PAST_LISTS_NOTE, hint: true },
                    ],
            },
          ]
        : []),
    ],
    footer: 'wealthrec campaigns on history · campaign-metrics.json beside this page holds every number shown here.',
  });
}
