/** The evaluation report's series styles: the candidate is the main series, the oracle the dashed bound, every other scorer a colour of its own. */
import { seriesStyles, type SeriesStyles } from '../../../src/report/series-style.js';
import { candidateOf } from '../candidate.js';
import type { ScorerReport } from '../report-data.js';

export function scorerStyles(scorers: readonly ScorerReport[]): SeriesStyles {
  const candidate = candidateOf(scorers);
  return seriesStyles(scorers.map((s) => ({ name: s.name, role: s === candidate ? 'main' : s.kind === 'oracle' ? 'bound' : 'other' })));
}
