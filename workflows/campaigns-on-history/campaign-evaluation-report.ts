/** The campaign evaluation on history as Markdown (campaign-report.md), HTML with a chart (campaign-report.html) and JSON (campaign-metrics.json). */
import { writeReportFiles } from '../../src/report/write-report-files.js';
import { renderCampaignHtml } from './campaign-report-html.js';
import type { CampaignEvaluation } from './campaign-evaluation.js';
import { REACH_TARGET } from './launch-evaluation.js';
import { PAST_LIST_COLUMNS, PAST_LISTS_NOTE, pastListCells } from './past-lists-table.js';

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

export function renderCampaignMarkdown(e: CampaignEvaluation): string {
  const target = `${100 * REACH_TARGET}%`;
  return [
    `# Campaigns on history: messages needed to reach ${target} of buyers within ${e.horizonDays} days`,
    '',
    `Models trained on data before ${e.cutoff} (recommender ${e.models.choice}, demand ${e.models.demand}, backend ${e.backend}); each product launched from then on is ranked as of its launch day over the customers allowed to buy it. ${e.seconds.toFixed(1)} s.`,
    '',
    `The reference bank reached 80% of buyers by messaging 38% of customers. Hindsight lists the buyers first: the least any list can need.`,
    '',
    e.mean
      ? `**Mean over ${e.mean.launches} launches with at least ${e.minBuyers} buyers: model ${pct(e.mean.model)}, same-category rule ${pct(e.mean.sameCategory)}, random ${pct(e.mean.random)}, hindsight ${pct(e.mean.hindsight)}.**`
      : `No launch had ${e.minBuyers} or more buyers within the horizon.`,
    '',
    '| product | name | category | launched | eligible | buyers | model | same category | random | hindsight | model AUC |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...e.launches.map(
      (l) =>
        `| ${l.productId} | ${l.name} | ${l.category ?? ''} | ${l.launchDay} | ${l.eligible.toLocaleString('en')} | ${l.buyers} | ${pct(l.share.model)} | ${pct(l.share.sameCategory)} | ${pct(l.share.random)} | ${pct(l.share.hindsight)} | ${l.modelAuc === null ? 'n/a' : l.modelAuc.toFixed(3)} |`,
    ),
    '',
    ...(e.pastLists
      ? [
          '## Past lists: actual against expected buyers',
          '',
          e.pastLists.length === 0 ? 'No list exported yet.' : PAST_LISTS_NOTE,
          '',
          ...(e.pastLists.length === 0
            ? []
            : [
                `| ${PAST_LIST_COLUMNS.join(' | ')} |`,
                `|${PAST_LIST_COLUMNS.map(() => '---').join('|')}|`,
                ...e.pastLists.map((p) => `| ${pastListCells(p).join(' | ')} |`),
                '',
              ]),
        ]
      : []),
  ].join('\n');
}

export async function writeCampaignEvaluation(dir: string, e: CampaignEvaluation): Promise<{ markdown: string; json: string; html: string }> {
  return writeReportFiles(dir, {
    json: { name: 'campaign-metrics.json', content: `${JSON.stringify(e, null, 1)}\n` },
    markdown: { name: 'campaign-report.md', content: renderCampaignMarkdown(e) },
    html: { name: 'campaign-report.html', content: await renderCampaignHtml(e) },
  });
}
